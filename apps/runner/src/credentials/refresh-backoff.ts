import { CredentialRefreshError } from "@switchboard/credential-refresh";
import type { BackoffStrategy } from "bullmq";

/** The backoff type of refresh jobs; the "credentials" worker registers the strategy below for it. */
export const REFRESH_BACKOFF_TYPE = "credential-refresh";

export interface RefreshBackoff {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_REFRESH_BACKOFF: RefreshBackoff = { baseMs: 5_000, capMs: 5 * 60_000 };

/**
 * Exponential backoff with jitter (half fixed, half random, so runners that failed together do
 * not retry together), and never sooner than the provider's `Retry-After`.
 */
export function createRefreshBackoffStrategy(
  backoff: RefreshBackoff = DEFAULT_REFRESH_BACKOFF,
  random: () => number = Math.random,
): BackoffStrategy {
  return (attemptsMade, _type, error) => {
    const exponential = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attemptsMade - 1));
    const jittered = Math.round(exponential / 2 + (random() * exponential) / 2);
    const retryAfterMs = error instanceof CredentialRefreshError ? (error.retryAfterMs ?? 0) : 0;
    return Math.max(jittered, retryAfterMs);
  };
}
