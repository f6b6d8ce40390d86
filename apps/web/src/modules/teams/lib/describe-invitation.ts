import type { PrismaClient, TeamRole } from "@switchboard/db";
import { hashOpaqueToken } from "@switchboard/db/tokens";
import { AppError } from "@/server/errors.ts";
import { findUsableInvitation } from "./find-usable-invitation.ts";

export type InvitationDescription =
  { usable: true; email: string; teamName: string | null; role: TeamRole } | { usable: false; reason: string };

/**
 * What the invitation page tells the holder of a link before they act: whom it is for and which team
 * it joins, or why it no longer works. The link's token is the secret, so its holder may read this.
 */
export async function describeInvitation(prisma: PrismaClient, token: string): Promise<InvitationDescription> {
  try {
    const invitation = await findUsableInvitation(prisma, hashOpaqueToken(token));
    const team = invitation.teamId
      ? await prisma.team.findUnique({ where: { id: invitation.teamId }, select: { name: true } })
      : null;
    return { usable: true, email: invitation.email, teamName: team?.name ?? null, role: invitation.role };
  } catch (error) {
    if (error instanceof AppError) return { usable: false, reason: error.message };
    throw error;
  }
}
