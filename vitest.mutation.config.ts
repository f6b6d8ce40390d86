import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The unit tests of the modules `npm run test:mutation` mutates (stryker.config.mjs): pure tests
// only, no services, so each mutant's run takes milliseconds.
export default defineConfig({
  resolve: {
    alias: { "server-only": fileURLToPath(new URL("./test/empty-module.ts", import.meta.url)) },
  },
  test: {
    include: [
      "packages/oauth/src/**/*.test.ts",
      "packages/db/src/crypto/**/*.test.ts",
      "packages/catalog/src/**/*.test.ts",
      "packages/catalog/test/**/*.test.ts",
      "packages/credential-refresh/src/**/*.test.ts",
      "apps/web/src/server/authz.test.ts",
    ],
    exclude: ["**/*.integration.test.ts", "**/node_modules/**"],
  },
});
