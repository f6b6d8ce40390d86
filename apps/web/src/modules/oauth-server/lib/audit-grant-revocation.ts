import type { PrismaClient } from "@switchboard/db";

/**
 * Audits a token family the provider revoked by itself (a replayed code or refresh token, a
 * revocation request): which user's consent lost its grant. The consent stays remembered; its
 * tokens stop at the gateway on their next request.
 */
export async function auditGrantRevocation(prisma: PrismaClient, grantId: string, reason: string): Promise<void> {
  const consent = await prisma.oAuthConsent.findUnique({ where: { grantId } });
  await prisma.auditEvent.create({
    data: {
      actorUserId: null,
      action: "oauth_grant.revoked",
      targetType: "oauth_consent",
      targetId: consent?.id ?? null,
      metadata: { reason, clientId: consent?.clientId ?? null, userId: consent?.userId ?? null },
    },
  });
}
