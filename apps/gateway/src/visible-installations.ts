import type { PrismaClient } from "@switchboard/db";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { GatewayPrincipal } from "./authenticate.ts";

export interface VisibleInstallation {
  id: string;
  name: string;
  location: "local" | "remote";
  tools: Tool[];
  updatedAt: Date;
}

/**
 * The running installations a token may use: the user's personal ones and their teams', narrowed
 * to the token's profile. Tools come from what the runner recorded at start, so listing never waits
 * on an upstream server.
 */
export async function findVisibleInstallations(
  prisma: PrismaClient,
  principal: GatewayPrincipal,
): Promise<VisibleInstallation[]> {
  const rows = await prisma.installation.findMany({
    where: {
      status: "RUNNING",
      OR: [
        { scope: "PERSONAL", ownerUserId: principal.userId },
        { scope: "TEAM", team: { memberships: { some: { userId: principal.userId } } } },
      ],
      ...(principal.installationIds ? { id: { in: principal.installationIds } } : {}),
    },
    select: { id: true, name: true, tools: true, updatedAt: true, catalogEntry: { select: { location: true } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    location: row.catalogEntry.location === "remote" ? "remote" : "local",
    tools: Array.isArray(row.tools) ? (row.tools as unknown as Tool[]) : [],
    updatedAt: row.updatedAt,
  }));
}
