import type { PrismaClient } from "@switchboard/db";
import { AppError } from "@/server/errors.ts";
import { storedOidcId } from "./prisma-adapter.ts";

const connectedAppSelect = {
  id: true,
  clientId: true,
  clientName: true,
  metadataHost: true,
  restricted: true,
  team: { select: { name: true } },
  createdAt: true,
  lastUsedAt: true,
  connectors: { select: { connector: { select: { id: true, name: true } } } },
} as const;

/** The apps a user let reach the gateway, with what each may reach. */
export function listConnectedApps(prisma: PrismaClient, userId: string) {
  return prisma.oAuthConsent.findMany({
    where: { userId },
    select: connectedAppSelect,
    orderBy: { createdAt: "desc" },
  });
}

/** Every user's connected apps, for instance admins. */
export function listAllConnectedApps(prisma: PrismaClient) {
  return prisma.oAuthConsent.findMany({
    select: { ...connectedAppSelect, user: { select: { email: true } } },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * Forgets the consent and destroys its grant with every code and refresh token of it; the gateway
 * refuses the app's access tokens on their next request (it checks the consent and grant each time).
 */
export async function revokeConnectedApp(
  prisma: PrismaClient,
  actorUserId: string,
  consentId: string,
  { anyUser = false }: { anyUser?: boolean } = {},
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const consent = await tx.oAuthConsent.findFirst({
      where: anyUser ? { id: consentId } : { id: consentId, userId: actorUserId },
    });
    if (!consent) throw new AppError("not_found", "This app is not connected (any more).");
    await tx.oAuthConsent.delete({ where: { id: consent.id } });
    if (consent.grantId) {
      await tx.oidcPayload.deleteMany({
        where: { OR: [{ grantId: consent.grantId }, { kind: "Grant", id: storedOidcId(consent.grantId) }] },
      });
    }
    await tx.auditEvent.create({
      data: {
        actorUserId,
        action: "oauth_consent.revoked",
        targetType: "oauth_consent",
        targetId: consent.id,
        metadata: { clientId: consent.clientId, clientName: consent.clientName, userId: consent.userId },
      },
    });
  });
}
