import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createFailedAttemptGuard, createRateLimiter, rateLimitSetting } from "../src/index.ts";

const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/9";
// Two clients stand for two web (or gateway) instances: they share nothing but Redis.
const instances = [new Redis(redisUrl), new Redis(redisUrl)] as const;
afterAll(() => Promise.all(instances.map((redis) => redis.quit())));

const rule = (points: number, windowSeconds = 60) => ({ name: `test-${randomUUID()}`, points, windowSeconds });

describe("issue 12, finding 5: Redis-backed rate limits", () => {
  it("hold across two instances sharing Redis, and say when to retry", async () => {
    const shared = rule(4, 120);
    const [first, second] = instances.map((redis) => createRateLimiter(redis, shared));
    const verdicts = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      verdicts.push(await (attempt % 2 === 0 ? first! : second!).consume("ada@example.test"));
    }
    expect(verdicts.slice(0, 4)).toEqual(Array(4).fill({ allowed: true }));
    for (const verdict of verdicts.slice(4)) {
      expect(verdict).toMatchObject({ allowed: false });
      expect(verdict.allowed === false && verdict.retryAfterSeconds).toBeGreaterThan(100);
      expect(verdict.allowed === false && verdict.retryAfterSeconds).toBeLessThanOrEqual(120);
    }
    // Other keys keep their own budget.
    expect(await first!.consume("bob@example.test")).toEqual({ allowed: true });
  });

  it("open a new window when the old one ends", async () => {
    const limiter = createRateLimiter(instances[0], rule(1, 1));
    expect(await limiter.consume("k")).toEqual({ allowed: true });
    expect(await limiter.consume("k")).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await limiter.consume("k")).toEqual({ allowed: true });
  });

  it("count only failures for the gateway, and every instance refuses a client over the shared budget", async () => {
    const shared = rule(3);
    const [a, b] = instances.map((redis) => createFailedAttemptGuard(redis, shared));
    expect(a!.check("10.0.0.7")).toEqual({ allowed: true });
    await a!.recordFailure("10.0.0.7");
    await b!.recordFailure("10.0.0.7");
    expect(await a!.recordFailure("10.0.0.7")).toEqual({ allowed: true });
    expect(a!.check("10.0.0.7")).toEqual({ allowed: true });
    expect(await b!.recordFailure("10.0.0.7")).toMatchObject({ allowed: false });
    expect(b!.check("10.0.0.7")).toMatchObject({ allowed: false, retryAfterSeconds: expect.any(Number) });
    expect(await a!.recordFailure("10.0.0.7")).toMatchObject({ allowed: false });
    expect(a!.check("10.0.0.7")).toMatchObject({ allowed: false });
    expect(a!.check("10.0.0.8")).toEqual({ allowed: true });
  });

  it("follow-up: forget blocked clients once their block ended (memory stays bounded)", async () => {
    let clock = Date.now();
    const guard = createFailedAttemptGuard(instances[0], rule(1, 60), () => clock);
    for (let client = 0; client < 20; client++) {
      await guard.recordFailure(`10.1.0.${client}`);
      await guard.recordFailure(`10.1.0.${client}`);
    }
    expect(guard.blockedClientCount()).toBe(20);
    clock += 61_000;
    await guard.recordFailure("10.2.0.1");
    await guard.recordFailure("10.2.0.1");
    expect(guard.blockedClientCount()).toBe(1);
    expect(guard.check("10.1.0.0")).toEqual({ allowed: true });
  });

  it("read their settings as <attempts>/<seconds> and refuse anything else", () => {
    const setting = rateLimitSetting("10/300");
    expect(setting.parse(undefined)).toEqual({ points: 10, windowSeconds: 300 });
    expect(setting.parse("5/60")).toEqual({ points: 5, windowSeconds: 60 });
    for (const bad of ["0/60", "5", "5/0", "five/60", "-1/60"]) {
      expect(setting.safeParse(bad).error?.issues[0]?.message).toBe("must be <attempts>/<seconds>, e.g. 10/300");
    }
  });
});
