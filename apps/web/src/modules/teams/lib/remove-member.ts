import type { PrismaClient } from "@switchboard/db";
import { requireTeamPermission, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { assertOwnerRemains } from "./assert-owner-remains.ts";
import { retireCredentialsAuthorizedBy } from "./retire-member-credentials.ts";

/**
 * Removes a member; anyone may remove themselves (leave), admins remove others, only owners remove
 * owners. Returns the team connectors that ran on the member's grant (now needing re-authorization).
 */
export async function removeMember(prisma: PrismaClient, actor: Actor, teamId: string, userId: string) {
  const leaving = userId === actor.id;
  const actorMembership = leaving
    ? await requireTeamPermission(prisma, actor, teamId, "team.view")
    : await requireTeamPermission(prisma, actor, teamId, "team.removeMember");
  const target = await prisma.membership.findUnique({ where: { teamId_userId: { teamId, userId } } });
  if (!target) throw new AppError("not_found", "This person is not a member of the team.");
  if (!leaving && target.role === "OWNER" && actorMembership?.role !== "OWNER" && !actor.isInstanceAdmin) {
    throw new AppError("forbidden", "Only owners can remove an owner.");
  }
  return prisma.$transaction(async (tx) => {
    await tx.membership.delete({ where: { id: target.id } });
    await assertOwnerRemains(tx, teamId);
    await tx.auditEvent.create({
      data: {
        actorUserId: actor.id,
        action: leaving ? "team.left" : "team.member_removed",
        targetType: "user",
        targetId: userId,
        teamId,
      },
    });
    return { retiredConnectorIds: await retireCredentialsAuthorizedBy(tx, teamId, userId) };
  });
}
