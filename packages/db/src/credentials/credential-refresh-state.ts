import type { SecretBox } from "../crypto/secret-box.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { DbClient } from "./db-client.ts";
import { sealOAuthTokens, type OAuthTokens } from "./oauth-credentials.ts";

type Transaction = Prisma.TransactionClient;

/**
 * Takes the credential's row lock until the transaction ends: every refresher, in this process
 * or another runner, queues here, so one refresh-token grant per credential runs at a time.
 * False when the credential no longer exists.
 */
export async function lockOAuthCredential(tx: Transaction, id: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "OAuthCredential" WHERE id = ${id}::uuid FOR UPDATE`;
  return rows.length > 0;
}

/**
 * Replaces the tokens of the locked credential at `version` (compare-and-swap: a concurrent
 * writer would make this throw and roll the transaction back) and clears its failures.
 */
export async function storeRefreshedTokens(
  tx: Transaction,
  box: SecretBox,
  credential: { id: string; version: number },
  tokens: OAuthTokens,
  now: Date,
) {
  return tx.oAuthCredential.update({
    where: { id: credential.id, version: credential.version },
    data: {
      ...sealOAuthTokens(box, credential.id, tokens, now),
      version: { increment: 1 },
      status: "ACTIVE",
      lastRefreshedAt: now,
      lastError: null,
      failureCount: 0,
    },
    select: { version: true },
  });
}

/** A transient failure: the credential keeps its tokens and shows the (secret-free) reason. */
export async function recordRefreshFailure(tx: Transaction, id: string, lastError: string) {
  return tx.oAuthCredential.update({
    where: { id },
    data: { status: "FAILING", lastError, failureCount: { increment: 1 } },
    select: { failureCount: true },
  });
}

/**
 * The grant is gone (revoked, expired, or never refreshable): credential and connector wait
 * for the user to authorize again, and the audit log says why.
 */
export async function markCredentialNeedsReauth(tx: Transaction, id: string, reason: string) {
  const credential = await tx.oAuthCredential.update({
    where: { id },
    data: { status: "NEEDS_REAUTH", lastError: reason },
    select: { connectorId: true, issuer: true, connector: { select: { teamId: true } } },
  });
  await tx.connector.update({
    where: { id: credential.connectorId },
    data: { status: "NEEDS_REAUTH", statusReason: reason },
  });
  await tx.auditEvent.create({
    data: {
      action: "credential.needs_reauth",
      targetType: "installation",
      targetId: credential.connectorId,
      teamId: credential.connector.teamId,
      metadata: { credentialId: id, issuer: credential.issuer, reason },
    },
  });
}

export interface RefreshSchedule {
  id: string;
  version: number;
  expiresAt: Date | null;
  issuedAt: Date | null;
  hasRefreshToken: boolean;
}

/**
 * Every credential (or the one of `connectorId`) that expires and can still be refreshed, or
 * must be flagged at expiry, without decrypting it.
 */
export async function listRefreshSchedules(prisma: DbClient, connectorId?: string): Promise<RefreshSchedule[]> {
  return prisma.$queryRaw<RefreshSchedule[]>`
    SELECT id, version, "expiresAt", "issuedAt", "refreshTokenCiphertext" IS NOT NULL AS "hasRefreshToken"
    FROM "OAuthCredential"
    WHERE status IN ('ACTIVE', 'FAILING') AND ("expiresAt" IS NOT NULL OR "refreshTokenCiphertext" IS NOT NULL)
      AND (${connectorId ?? null}::uuid IS NULL OR "installationId" = ${connectorId ?? null}::uuid)`;
}
