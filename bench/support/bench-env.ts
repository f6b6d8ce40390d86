/**
 * Where benchmarks keep their data, so several runs (or a run beside the test suites) do not share
 * a database or Redis: BENCH_DATABASE_URL names the server (its database part is replaced by each
 * benchmark's own), BENCH_DATABASE_SUFFIX is appended to every database name, BENCH_REDIS_URL
 * names the Redis database.
 */
const server = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres";

export function benchDatabaseUrl(name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}${process.env.BENCH_DATABASE_SUFFIX ?? ""}`;
  return url.toString();
}

export const benchRedisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/14";

/** Calls each client makes per round of the latency benchmarks, with 1 and with 50 clients at once. */
export const benchCallsPerClient = {
  1: Number(process.env.BENCH_CALLS_1 ?? 300),
  50: Number(process.env.BENCH_CALLS_50 ?? 20),
};
