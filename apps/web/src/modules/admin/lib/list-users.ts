import type { PrismaClient } from "@switchboard/db";
import { requireInstanceAdmin, type Actor } from "@/server/authz.ts";

export async function listUsersForAdmin(prisma: PrismaClient, actor: Actor) {
  requireInstanceAdmin(actor);
  const [users, invitations] = await Promise.all([
    prisma.user.findMany({
      select: {
        id: true,
        name: true,
        email: true,
        isInstanceAdmin: true,
        disabledAt: true,
        createdAt: true,
        _count: { select: { memberships: true } },
      },
      orderBy: { createdAt: "asc" },
    }),
    prisma.invitation.findMany({
      where: { teamId: null, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true, email: true, expiresAt: true },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  return { users, invitations };
}
