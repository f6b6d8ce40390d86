import type { PrismaClient } from "@switchboard/db";

/** The connectors a user may use: their personal ones and those of teams they belong to. */
export function listUsableConnectors(prisma: PrismaClient, userId: string) {
  return prisma.connector.findMany({
    where: {
      OR: [
        { scope: "PERSONAL", ownerUserId: userId },
        { scope: "TEAM", team: { memberships: { some: { userId } } } },
      ],
    },
    select: { id: true, name: true, status: true, scope: true, team: { select: { name: true } } },
    orderBy: { name: "asc" },
  });
}
