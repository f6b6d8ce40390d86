import type { PrismaClient } from "@switchboard/db";
import { AppError } from "@/server/errors.ts";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function startSession(prisma: PrismaClient, userId: string, userAgent: string | null) {
  return prisma.session.create({
    data: {
      userId,
      userAgent: userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
    },
  });
}

/** The live session behind a cookie, or null when it was revoked, expired, or its user disabled. */
export async function findLiveSession(prisma: PrismaClient, sessionId: string) {
  const session = await prisma.session.findUnique({ where: { id: sessionId }, include: { user: true } });
  if (!session || session.expiresAt < new Date() || session.user.disabledAt) return null;
  if (Date.now() - session.lastSeenAt.getTime() > 60_000) {
    await prisma.session.update({ where: { id: sessionId }, data: { lastSeenAt: new Date() } });
  }
  return session;
}

export function listSessions(prisma: PrismaClient, userId: string) {
  return prisma.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    select: { id: true, userAgent: true, createdAt: true, lastSeenAt: true },
    orderBy: { lastSeenAt: "desc" },
  });
}

export async function revokeSession(prisma: PrismaClient, userId: string, sessionId: string) {
  const { count } = await prisma.session.deleteMany({ where: { id: sessionId, userId } });
  if (count === 0) throw new AppError("not_found", "This session does not exist or has already ended.");
}

export async function revokeOtherSessions(prisma: PrismaClient, userId: string, keepSessionId: string) {
  const { count } = await prisma.session.deleteMany({ where: { userId, id: { not: keepSessionId } } });
  return count;
}
