import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { announceRunner, runnerUrlOr } from "./runner-heartbeat.ts";

// A Redis database of its own (the runner tests use 9, 12 and private servers).
const redis = new Redis("redis://127.0.0.1:6379/14");
const FALLBACK = "http://127.0.0.1:3300";

beforeAll(() => redis.flushdb());
afterAll(() => redis.quit());

describe("runnerUrlOr", () => {
  it("finds a connector's bridge on the runner its heartbeat announces", async () => {
    await announceRunner(redis, "runner-b", 5_000, "http://10.0.0.2:3300");
    await announceRunner(redis, "runner-quiet", 5_000);
    const locate = (runnerId: string | null) => runnerUrlOr(redis, runnerId, FALLBACK);
    expect(await locate("runner-b")).toBe("http://10.0.0.2:3300");
    expect(await locate("runner-quiet")).toBe(FALLBACK);
    expect(await locate("runner-gone")).toBe(FALLBACK);
    expect(await locate(null)).toBe(FALLBACK);
  });

  it("falls back to RUNNER_URL without Redis, or when Redis does not answer", async () => {
    expect(await runnerUrlOr(undefined, "runner-b", FALLBACK)).toBe(FALLBACK);
    const unreachable = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 0, lazyConnect: true });
    unreachable.on("error", () => undefined);
    expect(await runnerUrlOr(unreachable, "runner-b", FALLBACK)).toBe(FALLBACK);
    unreachable.disconnect();
  });
});
