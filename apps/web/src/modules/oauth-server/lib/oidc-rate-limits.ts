import { createRateLimiter, type RateLimitRule, type RateLimitVerdict } from "@switchboard/rate-limit";
import type { Redis } from "ioredis";

/**
 * Budgets per client address for the provider's endpoints anyone may call without signing in:
 * the defaults of the RATE_LIMIT_OAUTH_SERVER_* settings. Registration is open (DCR), so it is the
 * tightest; token requests include every refresh.
 */
export const OIDC_RATE_LIMITS = {
  "/reg": { points: 20, windowSeconds: 3600 },
  "/auth": { points: 60, windowSeconds: 600 },
  "/token": { points: 300, windowSeconds: 600 },
} satisfies Record<string, Omit<RateLimitRule, "name">>;

/** Counts a request to a provider path; undefined for paths without a budget. */
export type LimitOidcRequest = (path: string, clientAddress: string) => Promise<RateLimitVerdict | undefined>;

/** The limits, counted in Redis so every web instance shares one budget per address. */
export function createOidcRateLimits(
  redis: Redis,
  rules: Record<string, Omit<RateLimitRule, "name">> = OIDC_RATE_LIMITS,
): LimitOidcRequest {
  const limiters = new Map(
    Object.entries(rules).map(([path, rule]) => [
      path,
      createRateLimiter(redis, { name: `web.oidc${path.replaceAll("/", ".")}`, ...rule }),
    ]),
  );
  return async (path, clientAddress) => limiters.get(path)?.consume(clientAddress);
}
