import type { Prisma } from "@switchboard/db";
import { AppError } from "@/server/errors.ts";

type Tx = Pick<Prisma.TransactionClient, "invitation">;

export async function findUsableInvitation(tx: Tx, tokenHash: string) {
  const invitation = await tx.invitation.findUnique({ where: { tokenHash } });
  if (!invitation || invitation.revokedAt) {
    throw new AppError("not_found", "This invitation link is not valid. Ask for a new one.");
  }
  if (invitation.acceptedAt) throw new AppError("conflict", "This invitation has already been used.");
  if (invitation.expiresAt < new Date())
    throw new AppError("invalid_input", "This invitation has expired. Ask for a new one.");
  return invitation;
}
