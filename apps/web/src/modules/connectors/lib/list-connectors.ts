import type { PrismaClient } from "@switchboard/db";
import { hasRole, teamPermissions, type Actor } from "@/server/authz.ts";

/**
 * The user's personal connectors and those of their teams, with whether they may re-authorize
 * each, and when a credential the provider gave no refresh token runs out (`reauthorizeBy`).
 */
export async function listConnectors(prisma: PrismaClient, actor: Actor) {
  const memberships = await prisma.membership.findMany({ where: { userId: actor.id } });
  const roleByTeam = new Map(memberships.map((membership) => [membership.teamId, membership.role]));
  const rows = await prisma.connector.findMany({
    where: {
      OR: [
        { scope: "PERSONAL", ownerUserId: actor.id },
        { scope: "TEAM", teamId: { in: [...roleByTeam.keys()] } },
      ],
    },
    select: {
      id: true,
      name: true,
      scope: true,
      status: true,
      statusReason: true,
      desiredState: true,
      createdAt: true,
      team: { select: { name: true } },
      teamId: true,
      catalogEntry: { select: { slug: true, authKind: true } },
      // The ciphertext only tells whether a refresh token exists; it is not returned.
      credential: { select: { expiresAt: true, refreshTokenCiphertext: true } },
    },
    orderBy: [{ createdAt: "desc" }],
  });
  return rows.map(({ credential, ...row }) => {
    const role = row.teamId ? roleByTeam.get(row.teamId) : undefined;
    const canManage =
      row.scope === "PERSONAL" || (role !== undefined && hasRole(role, teamPermissions["team.manageInstallations"]));
    const reauthorizeBy = credential?.refreshTokenCiphertext === null ? credential.expiresAt : null;
    return { ...row, canManage, reauthorizeBy };
  });
}

export type ConnectorListItem = Awaited<ReturnType<typeof listConnectors>>[number];
