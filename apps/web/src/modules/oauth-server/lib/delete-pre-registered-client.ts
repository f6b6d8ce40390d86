import type { PrismaClient } from "@switchboard/db";
import { requireInstanceAdmin, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { destroyGrant } from "./grant-consent.ts";
import { storedOidcId } from "./prisma-adapter.ts";

/**
 * Forgets a pre-registered client and disconnects it everywhere: its registration, every user's
 * consent to it and their grants' token families go in one transaction, so its access tokens are
 * refused on their next request and it cannot start a new authorization.
 */
export async function deletePreRegisteredClient(prisma: PrismaClient, actor: Actor, id: string): Promise<void> {
  requireInstanceAdmin(actor);
  await prisma.$transaction(async (tx) => {
    const client = await tx.oAuthPreRegisteredClient.findUnique({ where: { id } });
    if (!client) throw new AppError("not_found", "This client is not registered (any more).");
    const consents = await tx.oAuthConsent.findMany({
      where: { clientId: client.clientId },
      select: { grantId: true },
    });
    for (const { grantId } of consents) if (grantId) await destroyGrant(tx, grantId);
    const { count: disconnected } = await tx.oAuthConsent.deleteMany({ where: { clientId: client.clientId } });
    await tx.oidcPayload.deleteMany({ where: { kind: "Client", id: storedOidcId(client.clientId) } });
    await tx.oAuthPreRegisteredClient.delete({ where: { id } });
    await tx.auditEvent.create({
      data: {
        actorUserId: actor.id,
        action: "oauth_client.deleted",
        targetType: "oauth_client",
        targetId: id,
        metadata: { clientId: client.clientId, name: client.name, disconnectedUsers: disconnected },
      },
    });
  });
}
