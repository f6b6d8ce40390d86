import type { Redis } from "ioredis";
import { createRateLimiter, type RateLimitRule, type RateLimitVerdict } from "./rate-limiter.ts";

export interface FailedAttemptGuard {
  /**
   * Whether this client is refused before its credential is even checked. Answered from memory, so
   * the happy path of a busy endpoint pays nothing; the budget behind it is shared through Redis.
   */
  check(clientKey: string): RateLimitVerdict;
  /** Call when the credential was wrong; the answer says whether this failure used up the budget. */
  recordFailure(clientKey: string): Promise<RateLimitVerdict>;
  /** Clients refused locally right now (or until the next sweep); for tests and metrics. */
  blockedClientCount(): number;
}

/**
 * Limits wrong credentials per client (the gateway's bearer tokens): correct ones cost nothing,
 * so legitimate traffic never meets the limit while guessing tokens does. Failures are counted in
 * Redis across all instances; an instance that sees a client go over the budget refuses it
 * locally until the window ends.
 */
export function createFailedAttemptGuard(
  redis: Redis,
  rule: RateLimitRule,
  now = () => Date.now(),
): FailedAttemptGuard {
  const limiter = createRateLimiter(redis, rule);
  const blockedUntil = new Map<string, number>();
  // Blocks last at most one window, so sweeping ended ones once a window keeps the map to the
  // clients blocked in the last two windows, however many addresses an attacker rotates through.
  let nextSweepAt = 0;
  function forgetEndedBlocks() {
    const at = now();
    if (at < nextSweepAt) return;
    nextSweepAt = at + rule.windowSeconds * 1000;
    for (const [clientKey, until] of blockedUntil) if (until <= at) blockedUntil.delete(clientKey);
  }
  return {
    check(clientKey) {
      const until = blockedUntil.get(clientKey);
      if (until === undefined) return { allowed: true };
      const remainingMs = until - now();
      if (remainingMs > 0) return { allowed: false, retryAfterSeconds: Math.ceil(remainingMs / 1000) };
      blockedUntil.delete(clientKey);
      return { allowed: true };
    },
    async recordFailure(clientKey) {
      const verdict = await limiter.consume(clientKey);
      if (!verdict.allowed) {
        forgetEndedBlocks();
        blockedUntil.set(clientKey, now() + verdict.retryAfterSeconds * 1000);
      }
      return verdict;
    },
    blockedClientCount: () => blockedUntil.size,
  };
}
