/** How long before expiry a token is refreshed: `marginMs`, or `marginRatio` of a shorter lifetime. */
export interface RefreshPolicy {
  marginMs: number;
  marginRatio: number;
  /**
   * The lifetime assumed for an access token that came with a refresh token but no `expires_in`
   * (Salesforce, whose sessions end after the org's timeout, 2 hours by default): it is refreshed
   * on this cadence, since a container holding it cannot ask for a new one. 0 turns it off.
   */
  unstatedLifetimeMs: number;
}

export const DEFAULT_REFRESH_POLICY: RefreshPolicy = {
  marginMs: 5 * 60_000,
  marginRatio: 0.2,
  unstatedLifetimeMs: 60 * 60_000,
};

export interface RefreshTiming {
  expiresAt?: Date | null | undefined;
  /** When the current access token was obtained; without it the full margin applies. */
  issuedAt?: Date | null | undefined;
  hasRefreshToken: boolean;
}

/**
 * When a credential needs its next refresh: a margin before expiry, so the stored access token is
 * still valid while the refresh runs (and after a refresh that was lost). Without a refresh token
 * there is nothing to refresh: it is due at expiry, when it needs re-authorization. A refreshable
 * token whose expiry the provider did not state is taken to live `unstatedLifetimeMs`. Undefined
 * for tokens that never need a refresh.
 */
export function computeRefreshDueAt(timing: RefreshTiming, policy: RefreshPolicy = DEFAULT_REFRESH_POLICY) {
  const { issuedAt } = timing;
  if (!timing.expiresAt && !timing.hasRefreshToken) return undefined;
  const expiresAt = timing.expiresAt ?? assumeExpiry(issuedAt, policy);
  if (!expiresAt) return undefined;
  if (!timing.hasRefreshToken) return expiresAt;
  const lifetimeMs = issuedAt ? expiresAt.getTime() - issuedAt.getTime() : Number.POSITIVE_INFINITY;
  const marginMs = Math.min(policy.marginMs, Math.max(0, lifetimeMs) * policy.marginRatio);
  return new Date(expiresAt.getTime() - marginMs);
}

function assumeExpiry(issuedAt: Date | null | undefined, policy: RefreshPolicy): Date | undefined {
  if (!issuedAt || policy.unstatedLifetimeMs <= 0) return undefined;
  return new Date(issuedAt.getTime() + policy.unstatedLifetimeMs);
}
