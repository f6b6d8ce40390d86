import type { PrismaClient } from "@switchboard/db";
import { requireInstanceAdmin, requireTeamPermission, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { createOpaqueToken } from "@switchboard/db/tokens";
import { fieldErrorsOf } from "../../auth/lib/credentials-schema.ts";
import { inviteSchema } from "./team-schemas.ts";

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Creates an invitation and returns its token once (only its hash is stored). With a team, the
 * invitee joins that team; without, an instance admin invites someone to Switchboard itself.
 */
export async function inviteMember(prisma: PrismaClient, actor: Actor, teamId: string | null, input: unknown) {
  const parsed = inviteSchema.safeParse(input);
  if (!parsed.success)
    throw new AppError("invalid_input", "Please correct the marked fields.", fieldErrorsOf(parsed.error));
  const { email, role } = parsed.data;
  if (teamId) {
    const membership = await requireTeamPermission(prisma, actor, teamId, "team.invite");
    if (role === "OWNER" && membership?.role !== "OWNER" && !actor.isInstanceAdmin) {
      throw new AppError("forbidden", "Only owners can invite owners.");
    }
    const existing = await prisma.membership.findFirst({ where: { teamId, user: { email } } });
    if (existing) throw new AppError("conflict", "This person is already a member.", { email: "Already a member." });
  } else {
    requireInstanceAdmin(actor);
  }
  const { token, hash } = createOpaqueToken("sbi");
  const invitation = await prisma.$transaction(async (tx) => {
    const created = await tx.invitation.create({
      data: {
        email,
        role,
        teamId,
        tokenHash: hash,
        invitedById: actor.id,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      },
    });
    await tx.auditEvent.create({
      data: {
        actorUserId: actor.id,
        action: "invitation.created",
        targetType: "invitation",
        targetId: created.id,
        teamId,
        metadata: { email, role },
      },
    });
    return created;
  });
  return { invitation, token };
}
