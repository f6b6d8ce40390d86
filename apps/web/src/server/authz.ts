import type { Membership, PrismaClient, TeamRole } from "@switchboard/db";
import { AppError } from "./errors.ts";

export interface Actor {
  id: string;
  isInstanceAdmin: boolean;
}

const rank: Record<TeamRole, number> = { MEMBER: 1, ADMIN: 2, OWNER: 3 };

/** What each team action requires. The only table of team permissions in the app. */
export const teamPermissions = {
  "team.view": "MEMBER",
  "team.invite": "ADMIN",
  "team.revokeInvitation": "ADMIN",
  "team.changeRole": "ADMIN",
  "team.removeMember": "ADMIN",
  "team.rename": "ADMIN",
  /** Install, authorize and re-authorize connectors with the team's shared credentials. */
  "team.manageInstallations": "ADMIN",
  "team.delete": "OWNER",
} as const satisfies Record<string, TeamRole>;

export type TeamAction = keyof typeof teamPermissions;

export function hasRole(role: TeamRole, minimum: TeamRole): boolean {
  return rank[role] >= rank[minimum];
}

/**
 * Checks that `actor` may perform `action` on the team and returns their membership (null for an
 * instance admin acting on a team they are not in: admins manage every team, but never read secrets).
 */
export async function requireTeamPermission(
  prisma: PrismaClient,
  actor: Actor,
  teamId: string,
  action: TeamAction,
): Promise<Membership | null> {
  const membership = await prisma.membership.findUnique({ where: { teamId_userId: { teamId, userId: actor.id } } });
  if (membership && hasRole(membership.role, teamPermissions[action])) return membership;
  if (actor.isInstanceAdmin) {
    const team = await prisma.team.findUnique({ where: { id: teamId }, select: { id: true } });
    if (!team) throw new AppError("not_found", "This team does not exist.");
    return membership;
  }
  // Non-members learn nothing about the team, not even that it exists.
  if (!membership) throw new AppError("not_found", "This team does not exist.");
  throw new AppError("forbidden", `Only team ${teamPermissions[action].toLowerCase()}s can do this.`);
}

export function requireInstanceAdmin(actor: Actor): void {
  if (!actor.isInstanceAdmin) throw new AppError("forbidden", "Only instance admins can do this.");
}
