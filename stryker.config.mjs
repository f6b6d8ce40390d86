// Mutation testing of the code that guards users' credentials (issue 18). See the README,
// "Mutation testing", for how to run it and read the report.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: true },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "packages/oauth/src/ssrf/**/*.ts",
    "packages/oauth/src/authorization/**/*.ts",
    "packages/oauth/src/discovery/**/*.ts",
    // What goes to which provider (Entra's resource and scope rules, Notion's JSON body).
    "packages/oauth/src/providers/**/*.ts",
    // Every authenticated request to an authorization server goes through it (the grants and
    // revocation around it are tested against real servers by the integration tests).
    "packages/oauth/src/tokens/request-as-client.ts",
    "packages/db/src/crypto/**/*.ts",
    "packages/catalog/src/template/**/*.ts",
    "packages/catalog/src/launch/**/*.ts",
    "packages/credential-refresh/src/**/*.ts",
    "apps/web/src/server/authz.ts",
    "!**/*.test.ts",
    "!**/testing/**",
    // Database-bound code, tested against the real Postgres by integration tests that this
    // unit-only run does not execute (docs/mutation-testing.md, "Out of scope").
    "!packages/db/src/crypto/reencrypt.ts",
    "!packages/db/src/crypto/reencrypt-cli.ts",
    "!packages/credential-refresh/src/refresh-credential.ts",
    "!packages/credential-refresh/src/load-oauth-client.ts",
  ],
  // The sandbox copies the repository; the apps (but web's server/authz.ts and its neighbours), docs
  // and results are not needed to run these tests.
  ignorePatterns: [
    "apps/*",
    "!apps/web",
    "apps/web/*",
    "!apps/web/package.json",
    "!apps/web/src",
    "apps/web/src/*",
    "!apps/web/src/server",
    "bench",
    "e2e",
    "docs",
    "reports",
    "test-results",
    "playwright-report",
    ".ci/cache",
  ],
  concurrency: 2,
  // Static mutants (module-level constants such as PROTOCOL_PARAMS) would rerun every selected
  // test per mutant, and the catalog's corpus tests build entries while collecting, which makes
  // most catalog mutants look static too: hours on two cores. Ignored, they are listed in the
  // report; docs/mutation-testing.md says how to check one after changing it.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: ".stryker/incremental.json",
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker/tmp",
  cleanTempDir: "always",
  timeoutMS: 10_000,
};
