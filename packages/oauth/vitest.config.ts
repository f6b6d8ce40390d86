import { defineConfig } from "vitest/config";

// This package's tests need no Postgres, Redis or Docker, so they can run without the
// workspace's integration global setup: `npx vitest run --config packages/oauth/vitest.config.ts`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          root: import.meta.dirname,
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "integration",
          root: import.meta.dirname,
          include: ["src/**/*.integration.test.ts", "test/**/*.integration.test.ts"],
          exclude: ["**/node_modules/**"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
