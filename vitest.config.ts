import { defineConfig } from "vitest/config";

// Two projects: `unit` runs pure tests in parallel; `integration` talks to the real
// Postgres, Redis and Docker that `.ci/run` (or scripts/services.sh) started, one file at a time
// because the files share those services.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{apps,packages}/*/src/**/*.test.ts", "{apps,packages}/*/test/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["{apps,packages}/*/src/**/*.integration.test.ts", "{apps,packages}/*/test/**/*.integration.test.ts"],
          exclude: ["**/node_modules/**"],
          globalSetup: ["./test/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
