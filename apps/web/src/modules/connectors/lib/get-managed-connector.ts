import { readCatalogEntry } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import { toPinnedEntryRow } from "@switchboard/db/catalog-revisions";
import { requireTeamPermission, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";

/**
 * A connector the actor may authorize: their own personal one, or one of a team they
 * administer. Anything else is reported as missing, so ids of others' connectors leak nothing.
 */
export async function getManagedConnector(prisma: PrismaClient, actor: Actor, connectorId: string) {
  const connector = await prisma.connector.findUnique({
    where: { id: connectorId },
    include: { catalogEntry: true, pinnedEntry: { select: { entry: true } } },
  });
  const notFound = new AppError("not_found", "This connector does not exist.");
  if (!connector) throw notFound;
  if (connector.scope === "PERSONAL" && connector.ownerUserId !== actor.id) throw notFound;
  if (connector.teamId) {
    const membership = await prisma.membership.findUnique({
      where: { teamId_userId: { teamId: connector.teamId, userId: actor.id } },
    });
    if (!membership) throw notFound;
    await requireTeamPermission(prisma, actor, connector.teamId, "team.manageInstallations");
  }
  // Authorizations use the revision the connector is pinned to, not the live entry.
  return { ...connector, entry: readCatalogEntry(toPinnedEntryRow(connector)) };
}
