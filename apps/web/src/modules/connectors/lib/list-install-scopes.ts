import type { PrismaClient } from "@switchboard/db";
import { hasRole, teamPermissions, type Actor } from "@/server/authz.ts";

/** Teams the user may install connectors for (besides themselves). */
export async function listInstallScopes(prisma: PrismaClient, actor: Actor) {
  const memberships = await prisma.membership.findMany({
    where: { userId: actor.id },
    select: { role: true, team: { select: { id: true, name: true } } },
    orderBy: { team: { name: "asc" } },
  });
  return memberships
    .filter((membership) => hasRole(membership.role, teamPermissions["team.manageInstallations"]))
    .map((membership) => membership.team);
}
