import type { PrismaClient } from "@switchboard/db";
import type { Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The installation if `actor` may see and operate it: a personal one only by its owner, a team
 * one by the team's members and instance admins. Anyone else learns nothing, not even that it exists.
 */
export async function getInstallationForUser(prisma: PrismaClient, actor: Actor, id: string) {
  const notFound = new AppError("not_found", "This connector does not exist.");
  if (!UUID.test(id)) throw notFound;
  const installation = await prisma.installation.findUnique({
    where: { id },
    omit: { secretConfigCiphertext: true },
    include: {
      catalogEntry: { select: { slug: true, name: true } },
      team: { select: { name: true, slug: true } },
    },
  });
  if (!installation || !(await mayAccess(prisma, actor, installation))) throw notFound;
  return installation;
}

async function mayAccess(
  prisma: PrismaClient,
  actor: Actor,
  installation: { scope: string; ownerUserId: string | null; teamId: string | null },
): Promise<boolean> {
  if (installation.scope === "PERSONAL") return installation.ownerUserId === actor.id;
  if (!installation.teamId) return false;
  if (actor.isInstanceAdmin) return true;
  const membership = await prisma.membership.findUnique({
    where: { teamId_userId: { teamId: installation.teamId, userId: actor.id } },
    select: { id: true },
  });
  return membership !== null;
}
