import type { CredentialStatus } from "@switchboard/db";

export type CredentialHealth = "healthy" | "expiring" | "failing" | "needs_reauth";

export const CREDENTIAL_HEALTH_ORDER: readonly CredentialHealth[] = ["needs_reauth", "failing", "expiring", "healthy"];

/** A token without refresh token this close to expiry is listed as expiring: someone must re-authorize soon. */
export const EXPIRING_WITHIN_MS = 7 * 24 * 60 * 60_000;

export interface CredentialHealthInput {
  status: CredentialStatus;
  expiresAt: Date | null;
  hasRefreshToken: boolean;
}

/**
 * Where an admin should look first. A refreshable credential is expiring only when its refresh is
 * overdue (the token already expired); one without a refresh token is expiring in its last week.
 */
export function classifyCredentialHealth(credential: CredentialHealthInput, now: Date): CredentialHealth {
  if (credential.status === "NEEDS_REAUTH" || credential.status === "REVOKED") return "needs_reauth";
  if (credential.status === "FAILING") return "failing";
  if (!credential.expiresAt) return "healthy";
  const remainingMs = credential.expiresAt.getTime() - now.getTime();
  const expiring = credential.hasRefreshToken ? remainingMs <= 0 : remainingMs <= EXPIRING_WITHIN_MS;
  return expiring ? "expiring" : "healthy";
}
