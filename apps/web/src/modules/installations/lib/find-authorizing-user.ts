import type { DbClient } from "@switchboard/db/credentials";

/**
 * Who authorized an installation's current credential: the actor of its latest
 * `installation.authorized` audit event, which the callback writes in the same transaction as
 * the credential (so the two cannot disagree).
 */
export async function findAuthorizingUserId(prisma: DbClient, installationId: string): Promise<string | null> {
  const event = await prisma.auditEvent.findFirst({
    where: { action: "installation.authorized", targetType: "installation", targetId: installationId },
    orderBy: { at: "desc" },
    select: { actorUserId: true },
  });
  return event?.actorUserId ?? null;
}
