/** How long before expiry a token is refreshed: `marginMs`, or `marginRatio` of a shorter lifetime. */
export interface RefreshPolicy {
  marginMs: number;
  marginRatio: number;
}

export const DEFAULT_REFRESH_POLICY: RefreshPolicy = { marginMs: 5 * 60_000, marginRatio: 0.2 };

export interface RefreshTiming {
  expiresAt?: Date | null | undefined;
  /** When the current access token was obtained; without it the full margin applies. */
  issuedAt?: Date | null | undefined;
  hasRefreshToken: boolean;
}

/**
 * When a credential needs its next refresh: a margin before expiry, so the stored access token is
 * still valid while the refresh runs (and after a refresh that was lost). Without a refresh token
 * there is nothing to refresh: it is due at expiry, when it needs re-authorization. Undefined for
 * tokens that never expire.
 */
export function computeRefreshDueAt(timing: RefreshTiming, policy: RefreshPolicy = DEFAULT_REFRESH_POLICY) {
  const { expiresAt, issuedAt } = timing;
  if (!expiresAt) return undefined;
  if (!timing.hasRefreshToken) return expiresAt;
  const lifetimeMs = issuedAt ? expiresAt.getTime() - issuedAt.getTime() : Number.POSITIVE_INFINITY;
  const marginMs = Math.min(policy.marginMs, Math.max(0, lifetimeMs) * policy.marginRatio);
  return new Date(expiresAt.getTime() - marginMs);
}
