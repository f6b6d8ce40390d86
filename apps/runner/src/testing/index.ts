// What tests and benchmarks outside the runner may use of it: test doubles, fixtures and the
// internals the benchmarks time. Imported as `@switchboard/runner/testing`.
export { createRunner, type Runner } from "../create-runner.ts";
export { scheduleMissingRefreshes } from "../credentials/schedule-missing-refreshes.ts";
export { planReconcile } from "../lifecycle/plan-reconcile.ts";
export { reconcileRunner } from "../lifecycle/reconcile-runner.ts";
export { attachStdio } from "../runtime/attach-container.ts";
export { followProgress } from "../runtime/follow-progress.ts";
export type { ContainerRuntime, ManagedContainer } from "../runtime/runtime.ts";
export { buildBareRunOptions } from "../runtime/testing/build-bare-run-options.ts";
export { buildScriptImage, buildTestImages, EVERYTHING_ENTRYPOINT } from "../runtime/testing/build-test-image.ts";
export { createTestRuntime } from "../runtime/testing/create-test-runtime.ts";
export { serveBridgeEndpoint, type BridgeEndpoint } from "./bridge-endpoint.ts";
export { buildTestBundle, TEST_BUNDLE_SECRET_SETTING, type TestBundle } from "./build-test-bundle.ts";
export { createTestRunner, type TestRunner } from "./create-test-runner.ts";
export { seedEverythingFixture } from "./everything-fixture.ts";
export { enqueueConnectorJob } from "./connector-steps.ts";
export { startPrivateRedis, type PrivateRedis } from "./private-redis.ts";
