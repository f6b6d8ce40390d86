import type { PrismaClient } from "@switchboard/db";
import type { Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The connector if `actor` may see and operate it: a personal one only by its owner, a team
 * one by the team's members and instance admins. Anyone else learns nothing, not even that it exists.
 */
export async function getConnectorForUser(prisma: PrismaClient, actor: Actor, id: string) {
  const notFound = new AppError("not_found", "This connector does not exist.");
  if (!UUID.test(id)) throw notFound;
  const connector = await prisma.connector.findUnique({
    where: { id },
    omit: { secretConfigCiphertext: true },
    include: {
      catalogEntry: { select: { slug: true, name: true } },
      team: { select: { name: true, slug: true } },
    },
  });
  if (!connector || !(await mayAccess(prisma, actor, connector))) throw notFound;
  return connector;
}

async function mayAccess(
  prisma: PrismaClient,
  actor: Actor,
  connector: { scope: string; ownerUserId: string | null; teamId: string | null },
): Promise<boolean> {
  if (connector.scope === "PERSONAL") return connector.ownerUserId === actor.id;
  if (!connector.teamId) return false;
  if (actor.isInstanceAdmin) return true;
  const membership = await prisma.membership.findUnique({
    where: { teamId_userId: { teamId: connector.teamId, userId: actor.id } },
    select: { id: true },
  });
  return membership !== null;
}
