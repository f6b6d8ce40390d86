import type { PrismaClient } from "@switchboard/db";
import { ToolSchema, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { GatewayPrincipal } from "../auth/authenticate.ts";

// What the runner stored from the server's tools/list (already SDK-parsed then), parsed again on read.
const storedToolsSchema = z.array(ToolSchema).nullable();

export interface VisibleConnector {
  id: string;
  name: string;
  location: "local" | "remote";
  tools: Tool[];
  /** The server's own instructions as the runner recorded them (upstream text: see connector-instructions.ts). */
  instructions?: string | null;
  updatedAt: Date;
  /** False while the runner (re)starts it: its recorded tools stay listed, calls may fail meanwhile. */
  ready: boolean;
}

/**
 * What a connector that should run passes through while it (re)starts. It stays visible then, so
 * clients keep its tools (and prefix) and a call gets "restarting, try again" instead of "Unknown tool".
 */
const RESTARTING_STATUSES = [
  "QUEUED",
  "PREPARING_IMAGE",
  "STARTING",
  "CHECKING",
  "UNHEALTHY",
  "CRASH_LOOPING",
] as const;

/**
 * The running (or restarting) connectors a token may use: the user's personal ones and their teams', narrowed
 * to the token's profile or, for an app consented to one team, to that team's. Tools come from what
 * the runner recorded at start, so listing never waits on an upstream server.
 */
export async function findVisibleConnectors(
  prisma: PrismaClient,
  principal: GatewayPrincipal,
): Promise<VisibleConnector[]> {
  const rows = await prisma.connector.findMany({
    where: {
      desiredState: "RUNNING",
      status: { in: ["RUNNING", ...RESTARTING_STATUSES] },
      OR: [
        { scope: "PERSONAL", ownerUserId: principal.userId },
        { scope: "TEAM", team: { memberships: { some: { userId: principal.userId } } } },
      ],
      ...(principal.connectorIds ? { id: { in: principal.connectorIds } } : {}),
      ...(principal.teamId ? { scope: "TEAM" as const, teamId: principal.teamId } : {}),
    },
    select: {
      id: true,
      name: true,
      status: true,
      tools: true,
      instructions: true,
      updatedAt: true,
      catalogEntry: { select: { location: true } },
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    location: row.catalogEntry.location === "remote" ? "remote" : "local",
    tools: readStoredTools(row),
    instructions: row.instructions,
    updatedAt: row.updatedAt,
    ready: row.status === "RUNNING",
  }));
}

function readStoredTools(row: { id: string; tools: unknown }): Tool[] {
  const result = storedToolsSchema.safeParse(row.tools);
  if (!result.success)
    throw new Error(`Stored tools of connector ${row.id} are invalid: ${z.prettifyError(result.error)}`);
  return result.data ?? [];
}

/**
 * A cheap summary of everything that can change what any token sees. Memberships and token
 * profiles are summarized by a checksum of their rows, not a count, so removing one row and adding
 * another within one interval still registers as a change.
 */
export async function readVisibilityVersion(prisma: PrismaClient): Promise<string> {
  const [row] = await prisma.$queryRaw<{ version: string }[]>`
    SELECT concat_ws('/',
      (SELECT max("updatedAt") FROM "Installation"), (SELECT count(*) FROM "Installation"),
      (SELECT count(*) || ':' || coalesce(sum(hashtext("teamId"::text || "userId"::text)), 0) FROM "Membership"),
      (SELECT count(*) || ':' || coalesce(sum(hashtext("gatewayTokenId"::text || "installationId"::text)), 0)
         FROM "GatewayTokenInstallation")) AS version`;
  return row?.version ?? "";
}
