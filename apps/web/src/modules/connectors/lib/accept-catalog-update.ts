import type { Connector, PrismaClient } from "@switchboard/db";
import { acceptCatalogRevision } from "@switchboard/db/catalog-revisions";
import { z } from "zod";
import { hasRole, teamPermissions, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { findCatalogUpdate } from "./find-catalog-update.ts";
import { getManagedConnector } from "./get-managed-connector.ts";

const acceptInputSchema = z.object({ connectorId: z.uuid(), revision: z.coerce.number().int().positive() });

/**
 * Moves a connector to the entry revision its owner (or a team admin, for a team one) was
 * shown, and restarts it if it should run. Instance admins cannot accept for others: they are the
 * ones who edit entries, and an edit must not reach anyone's credentials unreviewed.
 */
export async function acceptCatalogUpdate(
  prisma: PrismaClient,
  actor: Actor,
  rawInput: unknown,
  restart: (connector: Connector) => Promise<void>,
): Promise<void> {
  const parsed = acceptInputSchema.safeParse(rawInput);
  if (!parsed.success) throw new AppError("invalid_input", "Unknown connector or update.");
  const { connectorId, revision } = parsed.data;
  const connector = await getManagedConnector(prisma, actor, connectorId);
  if (connector.teamId) {
    const membership = await prisma.membership.findUnique({
      where: { teamId_userId: { teamId: connector.teamId, userId: actor.id } },
    });
    if (!membership || !hasRole(membership.role, teamPermissions["team.manageInstallations"]))
      throw new AppError("forbidden", "Only team admins can accept updates of team connectors.");
  }
  const update = await findCatalogUpdate(prisma, connectorId);
  if (update?.revision !== revision)
    throw new AppError("conflict", "This update is no longer current. Review the changes shown now.");
  if (!(await acceptCatalogRevision(prisma, connectorId, revision)))
    throw new AppError("conflict", "This update was already accepted.");
  await prisma.auditEvent.create({
    data: {
      actorUserId: actor.id,
      action: "installation.catalog_update_accepted",
      targetType: "installation",
      targetId: connectorId,
      teamId: connector.teamId,
      metadata: {
        catalogEntry: connector.catalogEntry.slug,
        from: connector.catalogRevision,
        to: revision,
        fields: update.changes.map((change) => change.field),
      },
    },
  });
  const updated = await prisma.connector.update({
    where: { id: connectorId },
    data: connector.desiredState === "RUNNING" ? { status: "QUEUED", statusReason: null, restartCount: 0 } : {},
  });
  if (updated.desiredState === "RUNNING") await restart(updated);
}
