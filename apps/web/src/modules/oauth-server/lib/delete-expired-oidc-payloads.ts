import type { PrismaClient } from "@switchboard/db";

/** How often each web process sweeps oidc-provider's storage. */
export const OIDC_PAYLOAD_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes the provider's expired rows (codes, sessions, interactions, grants, refresh tokens,
 * forgotten clients) and the `jti`s of expired ID-JAGs: the adapter and the ID-JAG grant already
 * ignore them, but nothing else would ever remove them.
 */
export async function deleteExpiredOidcPayloads(prisma: PrismaClient): Promise<number> {
  const [payloads, assertions] = await prisma.$transaction([
    prisma.$executeRaw`DELETE FROM "OidcPayload" WHERE "expiresAt" < now() AT TIME ZONE 'UTC'`,
    prisma.spentIdJag.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
  ]);
  return payloads + assertions.count;
}
