import type { DbClient } from "@switchboard/db/credentials";

/**
 * Who authorized a connector's current credential: the actor of its latest
 * `connector.authorized` audit event, which the callback writes in the same transaction as
 * the credential (so the two cannot disagree).
 */
export async function findAuthorizingUserId(prisma: DbClient, connectorId: string): Promise<string | null> {
  const event = await prisma.auditEvent.findFirst({
    where: { action: "installation.authorized", targetType: "installation", targetId: connectorId },
    orderBy: { at: "desc" },
    select: { actorUserId: true },
  });
  return event?.actorUserId ?? null;
}
