import type { PrismaClient } from "@switchboard/db";
import { requireInstanceAdmin, type Actor } from "@/server/authz.ts";
import { idSchema } from "@/server/parse-input.ts";

export const AUDIT_PAGE_SIZE = 50;

export type AuditQuery = {
  /** Only actions that start with this, e.g. `installation.` or `team.created`. */
  action?: string | undefined;
  /** The id of the last event of the previous page: this page starts after it. */
  after?: string | undefined;
};

/** The instance's audit trail for its admins, newest first, a page at a time. */
export async function listAuditEvents(prisma: PrismaClient, actor: Actor, query: AuditQuery = {}) {
  requireInstanceAdmin(actor);
  // A mangled page link starts at the newest event rather than failing.
  const after = idSchema.safeParse(query.after).data;
  const rows = await prisma.auditEvent.findMany({
    where: query.action ? { action: { startsWith: query.action } } : {},
    orderBy: [{ at: "desc" }, { id: "desc" }],
    ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    take: AUDIT_PAGE_SIZE + 1,
    select: {
      id: true,
      at: true,
      action: true,
      targetType: true,
      targetId: true,
      teamId: true,
      metadata: true,
      actor: { select: { name: true, email: true } },
    },
  });
  const events = rows.slice(0, AUDIT_PAGE_SIZE);
  const teamIds = [...new Set(events.flatMap((event) => (event.teamId ? [event.teamId] : [])))];
  const teams = await prisma.team.findMany({ where: { id: { in: teamIds } }, select: { id: true, name: true } });
  const teamNames = new Map(teams.map((team) => [team.id, team.name]));
  return {
    events: events.map((event) => ({
      ...event,
      teamName: event.teamId ? (teamNames.get(event.teamId) ?? null) : null,
    })),
    nextAfter: rows.length > AUDIT_PAGE_SIZE ? events.at(-1)?.id : undefined,
  };
}
