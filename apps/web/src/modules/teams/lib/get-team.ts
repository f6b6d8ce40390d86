import type { PrismaClient } from "@switchboard/db";
import { requireTeamPermission, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";

export async function listTeamsOf(prisma: PrismaClient, userId: string) {
  return prisma.team.findMany({
    where: { memberships: { some: { userId } } },
    include: { _count: { select: { memberships: true } }, memberships: { where: { userId }, select: { role: true } } },
    orderBy: { name: "asc" },
  });
}

/** The team page's data, for members (and instance admins) only. */
export async function getTeamForMember(prisma: PrismaClient, actor: Actor, slug: string) {
  const team = await prisma.team.findUnique({ where: { slug } });
  if (!team) throw new AppError("not_found", "This team does not exist.");
  const membership = await requireTeamPermission(prisma, actor, team.id, "team.view");
  const [members, invitations] = await Promise.all([
    prisma.membership.findMany({
      where: { teamId: team.id },
      include: { user: { select: { id: true, name: true, email: true } } },
      orderBy: { createdAt: "asc" },
    }),
    prisma.invitation.findMany({
      where: { teamId: team.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true, email: true, role: true, expiresAt: true },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  return { team, role: membership?.role ?? null, members, invitations };
}
