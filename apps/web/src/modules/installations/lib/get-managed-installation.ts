import { readCatalogEntry } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import { toPinnedEntryRow } from "@switchboard/db/catalog-revisions";
import { requireTeamPermission, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";

/**
 * An installation the actor may authorize: their own personal one, or one of a team they
 * administer. Anything else is reported as missing, so ids of others' installations leak nothing.
 */
export async function getManagedInstallation(prisma: PrismaClient, actor: Actor, installationId: string) {
  const installation = await prisma.installation.findUnique({
    where: { id: installationId },
    include: { catalogEntry: true, pinnedEntry: { select: { entry: true } } },
  });
  const notFound = new AppError("not_found", "This connector does not exist.");
  if (!installation) throw notFound;
  if (installation.scope === "PERSONAL" && installation.ownerUserId !== actor.id) throw notFound;
  if (installation.teamId) {
    const membership = await prisma.membership.findUnique({
      where: { teamId_userId: { teamId: installation.teamId, userId: actor.id } },
    });
    if (!membership) throw notFound;
    await requireTeamPermission(prisma, actor, installation.teamId, "team.manageInstallations");
  }
  // Authorizations use the revision the installation is pinned to, not the live entry.
  return { ...installation, entry: readCatalogEntry(toPinnedEntryRow(installation)) };
}
