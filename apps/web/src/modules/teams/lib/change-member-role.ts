import type { PrismaClient, TeamRole } from "@switchboard/db";
import { hasRole, requireTeamPermission, teamPermissions, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { teamRoleSchema } from "./team-schemas.ts";
import { assertOwnerRemains } from "./assert-owner-remains.ts";
import { retireCredentialsAuthorizedBy } from "./retire-member-credentials.ts";

export async function changeMemberRole(
  prisma: PrismaClient,
  actor: Actor,
  teamId: string,
  userId: string,
  rawRole: unknown,
) {
  const parsed = teamRoleSchema.safeParse(rawRole);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]!.message);
  const role: TeamRole = parsed.data;
  const actorMembership = await requireTeamPermission(prisma, actor, teamId, "team.changeRole");
  const target = await prisma.membership.findUnique({ where: { teamId_userId: { teamId, userId } } });
  if (!target) throw new AppError("not_found", "This person is not a member of the team.");
  const actorIsOwner = actorMembership?.role === "OWNER" || actor.isInstanceAdmin;
  if ((target.role === "OWNER" || role === "OWNER") && !actorIsOwner) {
    throw new AppError("forbidden", "Only owners can grant or take away the owner role.");
  }
  return prisma.$transaction(async (tx) => {
    await tx.membership.update({ where: { id: target.id }, data: { role } });
    await assertOwnerRemains(tx, teamId);
    await tx.auditEvent.create({
      data: {
        actorUserId: actor.id,
        action: "team.role_changed",
        targetType: "user",
        targetId: userId,
        teamId,
        metadata: { from: target.role, to: role },
      },
    });
    const mayStillAuthorize = hasRole(role, teamPermissions["team.manageInstallations"]);
    return { retiredConnectorIds: mayStillAuthorize ? [] : await retireCredentialsAuthorizedBy(tx, teamId, userId) };
  });
}
