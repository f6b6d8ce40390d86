import type { PrismaClient } from "@switchboard/db";
import { requireInstanceAdmin, type Actor } from "@/server/authz.ts";
import {
  atOrAfter,
  CANCELLED,
  FAILED,
  startOfUsageWindow,
  toMilliseconds,
  type UsageWindowDays,
} from "./usage-window.ts";

/** Rows per table: the busiest ones; an instance with more lists the rest nowhere rather than slowly. */
export const USAGE_ROWS_LIMIT = 100;

export interface ConnectorUsageRow {
  /** Null for calls that reached no connector. */
  connectorId: string | null;
  /** Null (as are scope, team and owner) once the connector is deleted; its records stay. */
  name: string | null;
  scope: "PERSONAL" | "TEAM" | null;
  teamName: string | null;
  ownerEmail: string | null;
  calls: number;
  failures: number;
  cancelled: number;
  p50Ms: number | null;
  /** Whether the admin may open the connector's page: a team's, or their own (another person's personal one is theirs alone). */
  canOpen: boolean;
}

export interface UserUsageRow {
  userId: string;
  /** Null once the account is deleted (its records stay). */
  email: string | null;
  name: string | null;
  calls: number;
  failures: number;
  cancelled: number;
}

/**
 * Gateway calls across the instance in the window ending at `now`, per connector and per user, the
 * busiest first, for instance admins only. Aggregated in Postgres, one statement per table.
 */
export async function listInstanceUsage(
  prisma: PrismaClient,
  actor: Actor,
  { days, now = new Date() }: { days: UsageWindowDays; now?: Date },
): Promise<{ days: UsageWindowDays; connectors: ConnectorUsageRow[]; users: UserUsageRow[] }> {
  requireInstanceAdmin(actor);
  const inWindow = atOrAfter(startOfUsageWindow(days, now));
  const [connectors, users] = await Promise.all([
    prisma.$queryRaw<Array<Omit<ConnectorUsageRow, "p50Ms"> & { p50: number | null }>>`
      WITH usage AS (
        SELECT u."installationId" AS id, count(*)::int AS calls,
          (count(*) FILTER (WHERE ${FAILED}))::int AS failures,
          (count(*) FILTER (WHERE ${CANCELLED}))::int AS cancelled,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY u."durationMs") AS p50
        FROM "UsageRecord" u
        WHERE ${inWindow}
        GROUP BY u."installationId"
        ORDER BY calls DESC, u."installationId"
        LIMIT ${USAGE_ROWS_LIMIT}
      )
      SELECT usage.id AS "connectorId", c.name, c.scope::text AS scope, t.name AS "teamName", o.email AS "ownerEmail",
        usage.calls, usage.failures, usage.cancelled, usage.p50,
        COALESCE(c.scope = 'TEAM' OR c."ownerUserId" = ${actor.id}::uuid, false) AS "canOpen"
      FROM usage
      LEFT JOIN "Installation" c ON c.id = usage.id
      LEFT JOIN "Team" t ON t.id = c."teamId"
      LEFT JOIN "User" o ON o.id = c."ownerUserId"
      ORDER BY usage.calls DESC, c.name, usage.id`,
    prisma.$queryRaw<UserUsageRow[]>`
      WITH usage AS (
        SELECT u."userId" AS id, count(*)::int AS calls,
          (count(*) FILTER (WHERE ${FAILED}))::int AS failures,
          (count(*) FILTER (WHERE ${CANCELLED}))::int AS cancelled
        FROM "UsageRecord" u
        WHERE ${inWindow}
        GROUP BY u."userId"
        ORDER BY calls DESC, u."userId"
        LIMIT ${USAGE_ROWS_LIMIT}
      )
      SELECT usage.id AS "userId", p.email, p.name, usage.calls, usage.failures, usage.cancelled
      FROM usage
      LEFT JOIN "User" p ON p.id = usage.id
      ORDER BY usage.calls DESC, p.email, usage.id`,
  ]);
  return {
    days,
    connectors: connectors.map(({ p50, ...row }) => ({ ...row, p50Ms: toMilliseconds(p50) })),
    users,
  };
}
