import type { PrismaClient } from "@switchboard/db";
import { AppError } from "@/server/errors.ts";
import { emailSchema } from "./credentials-schema.ts";
import { lockUserCreation } from "./lock-user-creation.ts";

export interface SsoProfile {
  subject: string;
  email: string | null | undefined;
  emailVerified: boolean;
  name: string | null | undefined;
}

/**
 * Finds or creates the user for a company-SSO sign-in. New users are admitted when the instance is
 * empty (first admin), their verified e-mail domain is allowlisted, or an invitation is waiting.
 */
export async function admitSsoUser(prisma: PrismaClient, profile: SsoProfile, allowedDomains: string[]) {
  const linked = await prisma.account.findUnique({
    where: { provider_providerAccountId: { provider: "oidc", providerAccountId: profile.subject } },
    include: { user: true },
  });
  if (linked) {
    if (linked.user.disabledAt) throw new AppError("forbidden", "This account is disabled. Ask an admin.");
    return linked.user;
  }
  const email = emailSchema.safeParse(profile.email);
  if (!email.success || !profile.emailVerified) {
    throw new AppError("forbidden", "Your identity provider did not share a verified e-mail address.");
  }
  return prisma.$transaction(async (tx) => {
    await lockUserCreation(tx);
    const existing = await tx.user.findUnique({ where: { email: email.data } });
    const isFirstUser = !existing && (await tx.user.count()) === 0;
    const domainAllowed = allowedDomains.includes(email.data.split("@")[1]!);
    const invitations = await tx.invitation.findMany({
      where: { email: email.data, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    });
    if (!existing && !isFirstUser && !domainAllowed && invitations.length === 0) {
      throw new AppError("forbidden", "This Switchboard is invite-only. Ask an admin for an invitation.");
    }
    const user =
      existing ??
      (await tx.user.create({ data: { email: email.data, name: profile.name ?? null, isInstanceAdmin: isFirstUser } }));
    if (user.disabledAt) throw new AppError("forbidden", "This account is disabled. Ask an admin.");
    await tx.account.create({ data: { userId: user.id, provider: "oidc", providerAccountId: profile.subject } });
    for (const invitation of invitations) {
      await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
      if (invitation.teamId) {
        await tx.membership.upsert({
          where: { teamId_userId: { teamId: invitation.teamId, userId: user.id } },
          create: { teamId: invitation.teamId, userId: user.id, role: invitation.role },
          update: {},
        });
      }
    }
    return user;
  });
}
