/**
 * The runner id (and container label) of test runners and test launches. Suites that run side by
 * side each have a Redis database of their own (TEST_REDIS_URL) and a database of their own; a
 * runner's reconcile removes the containers of its label that its database does not know, so the
 * label follows the Redis database: one suite's runner never removes another suite's containers.
 */
export function getTestRunnerId(redisUrl: string): string {
  return `integration-runner-${new URL(redisUrl).pathname.slice(1) || "0"}`;
}

export const TEST_RUNNER_ID = getTestRunnerId(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/9");
