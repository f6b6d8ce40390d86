import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const resolve = {
  alias: {
    "@/": fileURLToPath(new URL("./apps/web/src/", import.meta.url)),
    // `server-only` throws outside Next's server bundles; in tests the server code runs in plain Node.
    "server-only": fileURLToPath(new URL("./test/empty-module.ts", import.meta.url)),
  },
};

// Two projects: `unit` runs pure tests in parallel; `integration` talks to the real Postgres,
// Redis and Docker that `.ci/run` (or scripts/services.sh) started, one file at a time because
// the files share those services.
export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: "unit",
          include: [
            "{apps,packages}/*/src/**/*.test.ts",
            "{apps,packages}/*/test/**/*.test.ts",
            "bench/support/*.test.ts",
          ],
          exclude: ["**/*.integration.test.ts", "**/node_modules/**"],
        },
      },
      {
        resolve,
        test: {
          name: "integration",
          include: [
            "{apps,packages}/*/src/**/*.integration.test.ts",
            "{apps,packages}/*/test/**/*.integration.test.ts",
          ],
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
