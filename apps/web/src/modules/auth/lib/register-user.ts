import type { PrismaClient } from "@switchboard/db";
import type { DbClient } from "@switchboard/db/credentials";
import { AppError } from "@/server/errors.ts";
import { hashOpaqueToken } from "@switchboard/db/tokens";
import { hashPassword } from "@/server/auth/password.ts";
import { fieldErrorsOf, signUpSchema } from "./credentials-schema.ts";
import { findUsableInvitation } from "../../teams/lib/find-usable-invitation.ts";
import { lockUserCreation } from "./lock-user-creation.ts";

/**
 * Creates an account with a password. On an empty instance the first account becomes the instance
 * admin; afterwards an invitation addressed to the same e-mail is required. The invitation rule is
 * checked before anything else: without one, every address gets the same answer (no "already
 * registered" oracle) and no Argon2id hash is computed.
 */
export async function registerUser(prisma: PrismaClient, input: unknown) {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success)
    throw new AppError("invalid_input", "Please correct the marked fields.", fieldErrorsOf(parsed.error));
  const { name, email, password, invitationToken } = parsed.data;
  await admitSignUp(prisma, email, invitationToken);
  const passwordHash = await hashPassword(password);

  return prisma.$transaction(async (tx) => {
    await lockUserCreation(tx);
    // Again under the lock: the instance may have gained its first user, or the invitation its use.
    const invitation = await admitSignUp(tx, email, invitationToken);
    if (!invitation) {
      return tx.user.create({ data: { name, email, passwordHash, isInstanceAdmin: true } });
    }
    const user = await tx.user.create({ data: { name, email, passwordHash } });
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
    if (invitation.teamId) {
      await tx.membership.create({ data: { teamId: invitation.teamId, userId: user.id, role: invitation.role } });
    }
    await tx.auditEvent.create({
      data: {
        actorUserId: user.id,
        action: "user.signed_up",
        targetType: "user",
        targetId: user.id,
        teamId: invitation.teamId,
      },
    });
    return user;
  });
}

/**
 * Whether this sign-up may proceed: returns the invitation it uses, or null for the very first
 * account. Only someone holding an invitation for `email` can learn that the address is taken.
 */
async function admitSignUp(db: DbClient, email: string, invitationToken: string | undefined) {
  if ((await db.user.count()) === 0) return null;
  if (!invitationToken) {
    throw new AppError("forbidden", "This Switchboard is invite-only. Ask an admin for an invitation link.");
  }
  const invitation = await findUsableInvitation(db, hashOpaqueToken(invitationToken));
  if (invitation.email !== email) {
    throw new AppError("invalid_input", "This invitation was sent to a different e-mail address.", {
      email: "Use the address the invitation was sent to.",
    });
  }
  if (await db.user.findUnique({ where: { email } })) {
    throw new AppError("conflict", "An account with this e-mail already exists. Sign in to accept the invitation.", {
      email: "Already registered.",
    });
  }
  return invitation;
}
