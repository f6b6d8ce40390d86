import type { PrismaClient } from "@switchboard/db";
import { requireInstanceAdmin, requireTeamPermission, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";

export async function revokeInvitation(prisma: PrismaClient, actor: Actor, invitationId: string) {
  const invitation = await prisma.invitation.findUnique({ where: { id: invitationId } });
  if (!invitation) throw new AppError("not_found", "This invitation does not exist.");
  if (invitation.teamId) await requireTeamPermission(prisma, actor, invitation.teamId, "team.revokeInvitation");
  else requireInstanceAdmin(actor);
  await prisma.$transaction([
    prisma.invitation.update({ where: { id: invitationId }, data: { revokedAt: new Date() } }),
    prisma.auditEvent.create({
      data: {
        actorUserId: actor.id,
        action: "invitation.revoked",
        targetType: "invitation",
        targetId: invitationId,
        teamId: invitation.teamId,
      },
    }),
  ]);
}
