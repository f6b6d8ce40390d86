import { Prisma, type PrismaClient } from "@switchboard/db";
import { getConnectorForUser } from "@/modules/connector-status/lib/get-connector-for-user.ts";
import type { Actor } from "@/server/authz.ts";
import {
  atOrAfter,
  CANCELLED,
  FAILED,
  startOfUsageWindow,
  toMilliseconds,
  type UsageWindowDays,
} from "./usage-window.ts";

const TOP_TOOLS = 5;

export interface ConnectorUsage {
  days: UsageWindowDays;
  calls: number;
  failures: number;
  cancelled: number;
  p50Ms: number | null;
  p95Ms: number | null;
  /** The most used tools in the window, at most five, most calls first. */
  tools: Array<{ tool: string; calls: number }>;
  /** The connector's last call ever, so a quiet week still says whether it was ever used. */
  lastCallAt: Date | null;
}

/**
 * Calls through the gateway to one connector in the window ending at `now`, for whoever may see the
 * connector (anyone else gets the same not-found as for the connector itself). Counts only: the
 * gateway stores no arguments or results.
 */
export async function getConnectorUsage(
  prisma: PrismaClient,
  actor: Actor,
  connectorId: string,
  { days, now = new Date() }: { days: UsageWindowDays; now?: Date },
): Promise<ConnectorUsage> {
  const connector = await getConnectorForUser(prisma, actor, connectorId);
  const inWindow = Prisma.sql`u."installationId" = ${connector.id}::uuid AND ${atOrAfter(startOfUsageWindow(days, now))}`;
  const [summaries, tools] = await Promise.all([
    prisma.$queryRaw<
      Array<{
        calls: number;
        failures: number;
        cancelled: number;
        p50: number | null;
        p95: number | null;
        lastCallAt: Date | null;
      }>
    >`
      SELECT count(*)::int AS calls,
        (count(*) FILTER (WHERE ${FAILED}))::int AS failures,
        (count(*) FILTER (WHERE ${CANCELLED}))::int AS cancelled,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY u."durationMs") AS p50,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY u."durationMs") AS p95,
        (SELECT max(l."at") FROM "UsageRecord" l WHERE l."installationId" = ${connector.id}::uuid) AS "lastCallAt"
      FROM "UsageRecord" u
      WHERE ${inWindow}`,
    prisma.$queryRaw<Array<{ tool: string; calls: number }>>`
      SELECT u."tool", count(*)::int AS calls
      FROM "UsageRecord" u
      WHERE ${inWindow}
      GROUP BY u."tool"
      ORDER BY calls DESC, u."tool"
      LIMIT ${TOP_TOOLS}`,
  ]);
  const summary = summaries[0] ?? { calls: 0, failures: 0, cancelled: 0, p50: null, p95: null, lastCallAt: null };
  return {
    days,
    calls: summary.calls,
    failures: summary.failures,
    cancelled: summary.cancelled,
    p50Ms: toMilliseconds(summary.p50),
    p95Ms: toMilliseconds(summary.p95),
    tools,
    lastCallAt: summary.lastCallAt,
  };
}
