import type { Authenticate, GatewayPrincipal } from "./authenticate.ts";

export interface TokenCheckCacheOptions {
  /** Safety net: how long a check is trusted even if a change notification was lost. */
  ttlMs: number;
  /** Bounds memory; the oldest check is dropped first. Failed checks are never cached. */
  maxEntries: number;
  /** False while change notifications cannot arrive (listener down): every request is checked. */
  isLive: () => boolean;
}

export interface TokenCheckCache {
  authenticate: Authenticate;
  /** Drops every cached check; called on each change notification and whenever the listener drops. */
  invalidate(): void;
}

interface Entry {
  principal: GatewayPrincipal;
  expiresAt: number;
}

/**
 * Keeps successful token checks in memory so a request costs no database round trip (issue 17).
 * Correctness rests on invalidation: Postgres notifies on every revocation, expiry change, profile
 * change or user disablement at commit, and the cache empties. A check that was already running
 * when a notification arrived is not stored (it may have read the old row), so a refusal is never
 * later than the notification plus one check.
 */
export function createTokenCheckCache(check: Authenticate, options: TokenCheckCacheOptions): TokenCheckCache {
  const entries = new Map<string, Entry>();
  let generation = 0;

  function remember(bearer: string, principal: GatewayPrincipal, now: number): void {
    if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value as string);
    const expiresAt = Math.min(now + options.ttlMs, principal.validUntil ?? Number.POSITIVE_INFINITY);
    entries.set(bearer, { principal, expiresAt });
  }

  return {
    async authenticate(bearer) {
      const now = Date.now();
      const live = options.isLive();
      const hit = live ? entries.get(bearer) : undefined;
      if (hit && hit.expiresAt > now) return hit.principal;
      if (hit) entries.delete(bearer);
      const started = generation;
      const principal = await check(bearer);
      if (principal && live && started === generation && options.isLive()) remember(bearer, principal, Date.now());
      return principal;
    },
    invalidate() {
      generation += 1;
      entries.clear();
    },
  };
}
