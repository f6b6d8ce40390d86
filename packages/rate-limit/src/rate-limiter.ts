import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

export interface RateLimitRule {
  /** Names the counter in Redis: every instance using the same name shares one budget. */
  name: string;
  /** Attempts allowed per window. */
  points: number;
  windowSeconds: number;
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  readonly rule: RateLimitRule;
  /** Counts one attempt for `key` and says whether it may go ahead. */
  consume(key: string): Promise<RateLimitVerdict>;
}

/**
 * A fixed-window limiter whose counters live in Redis, so all web and gateway instances share one
 * budget per key. While Redis does not answer, a per-process memory limiter with the same rule
 * stands in (rate-limiter-flexible's insurance limiter): limits loosen to per-instance instead of
 * failing every sign-in.
 */
export function createRateLimiter(redis: Redis, rule: RateLimitRule): RateLimiter {
  const options = { keyPrefix: `rate-limit:${rule.name}`, points: rule.points, duration: rule.windowSeconds };
  const limiter = new RateLimiterRedis({
    ...options,
    storeClient: redis,
    insuranceLimiter: new RateLimiterMemory(options),
  });
  return {
    rule,
    async consume(key) {
      try {
        await limiter.consume(key);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return refused(rejection);
        throw rejection;
      }
    },
  };
}

function refused(state: RateLimiterRes): RateLimitVerdict {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(state.msBeforeNext / 1000)) };
}

/** The 429 answer every limited HTTP caller gets. */
export function tooManyRequestsHeaders(verdict: { retryAfterSeconds: number }): Record<string, string> {
  return { "retry-after": String(verdict.retryAfterSeconds), "cache-control": "no-store" };
}
