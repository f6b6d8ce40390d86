import type { PrismaClient } from "@switchboard/db";
import { AppError } from "@/server/errors.ts";
import { hashOpaqueToken } from "@switchboard/db/tokens";
import { findUsableInvitation } from "./find-usable-invitation.ts";

/** A signed-in user accepts an invitation addressed to their e-mail. Returns the team joined, if any. */
export async function acceptInvitation(prisma: PrismaClient, user: { id: string; email: string }, token: string) {
  return prisma.$transaction(async (tx) => {
    const invitation = await findUsableInvitation(tx, hashOpaqueToken(token));
    if (invitation.email !== user.email) {
      throw new AppError("forbidden", `This invitation was sent to another e-mail address. Sign in as its recipient.`);
    }
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
    if (!invitation.teamId) return null;
    await tx.membership.upsert({
      where: { teamId_userId: { teamId: invitation.teamId, userId: user.id } },
      create: { teamId: invitation.teamId, userId: user.id, role: invitation.role },
      update: {},
    });
    await tx.auditEvent.create({
      data: {
        actorUserId: user.id,
        action: "invitation.accepted",
        targetType: "invitation",
        targetId: invitation.id,
        teamId: invitation.teamId,
      },
    });
    return tx.team.findUnique({ where: { id: invitation.teamId } });
  });
}
