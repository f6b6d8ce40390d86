import type { PrismaClient } from "@switchboard/db";
import { z } from "zod";
import { AppError } from "@/server/errors.ts";
import { hashPassword, verifyPassword } from "@/server/auth/password.ts";
import { fieldErrorsOf, newPasswordSchema } from "../../auth/lib/credentials-schema.ts";

const nameSchema = z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters.");

export async function updateName(prisma: PrismaClient, userId: string, rawName: unknown) {
  const parsed = nameSchema.safeParse(rawName);
  if (!parsed.success)
    throw new AppError("invalid_input", parsed.error.issues[0]!.message, { name: parsed.error.issues[0]!.message });
  await prisma.user.update({ where: { id: userId }, data: { name: parsed.data } });
}

const changePasswordSchema = z.object({ currentPassword: z.string().max(256), newPassword: newPasswordSchema });

/** Changes the password and signs out every other session. */
export async function changePassword(prisma: PrismaClient, userId: string, keepSessionId: string, input: unknown) {
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success)
    throw new AppError("invalid_input", "Please correct the marked fields.", fieldErrorsOf(parsed.error));
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, parsed.data.currentPassword))) {
    throw new AppError("invalid_input", "Your current password is not correct.", { currentPassword: "Not correct." });
  }
  const passwordHash = await hashPassword(parsed.data.newPassword);
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { passwordHash } }),
    prisma.session.deleteMany({ where: { userId, id: { not: keepSessionId } } }),
    prisma.auditEvent.create({
      data: { actorUserId: userId, action: "user.password_changed", targetType: "user", targetId: userId },
    }),
  ]);
}
