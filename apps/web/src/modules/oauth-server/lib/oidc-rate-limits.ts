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

/**
 * Paths counted with another path's budget, each on a counter of its own: revoking a token
 * (RFC 7009) is a token request, and each costs a signature check and, for a valid token, a
 * database transaction.
 */
const SAME_BUDGET_AS: Record<string, string> = { "/token/revocation": "/token" };

/** The limits, counted in Redis so every web instance shares one budget per address. */
export function createOidcRateLimits(
  redis: Redis,
  rules: Record<string, Omit<RateLimitRule, "name">> = OIDC_RATE_LIMITS,
): LimitOidcRequest {
  const budgets = { ...rules };
  for (const [path, budgetOf] of Object.entries(SAME_BUDGET_AS)) {
    const rule = rules[budgetOf];
    if (rule && !budgets[path]) budgets[path] = rule;
  }
  const limiters = new Map(
    Object.entries(budgets).map(([path, rule]) => [
      path,
      createRateLimiter(redis, { name: `web.oidc${path.replaceAll("/", ".")}`, ...rule }),
    ]),
  );
  return async (path, clientAddress) => limiters.get(path)?.consume(clientAddress);
}
