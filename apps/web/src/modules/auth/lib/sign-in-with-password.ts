import type { PrismaClient } from "@switchboard/db";
import { AppError } from "@/server/errors.ts";
import { verifyPassword } from "@/server/auth/password.ts";
import { signInSchema } from "./credentials-schema.ts";

/** Returns the user for valid credentials. The same message for unknown e-mail and wrong password. */
export async function signInWithPassword(prisma: PrismaClient, input: unknown) {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]!.message);
  const user = await prisma.user.findUnique({ where: { email: parsed.data.email } });
  const valid = await verifyPassword(user?.passwordHash ?? null, parsed.data.password);
  if (!user || !valid) throw new AppError("unauthenticated", "Invalid e-mail or password.");
  if (user.disabledAt) throw new AppError("forbidden", "This account is disabled. Ask an admin.");
  return user;
}
