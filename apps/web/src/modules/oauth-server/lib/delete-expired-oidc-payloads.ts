import type { PrismaClient } from "@switchboard/db";

/** How often each web process sweeps oidc-provider's storage. */
export const OIDC_PAYLOAD_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes the provider's expired rows (codes, sessions, interactions, grants, refresh tokens,
 * forgotten clients): the adapter already ignores them, but nothing else would ever remove them.
 */
export async function deleteExpiredOidcPayloads(prisma: PrismaClient): Promise<number> {
  return prisma.$executeRaw`DELETE FROM "OidcPayload" WHERE "expiresAt" < now() AT TIME ZONE 'UTC'`;
}
