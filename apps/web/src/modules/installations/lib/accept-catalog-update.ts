import type { Installation, PrismaClient } from "@switchboard/db";
import { acceptCatalogRevision } from "@switchboard/db/catalog-revisions";
import { z } from "zod";
import { hasRole, teamPermissions, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { findCatalogUpdate } from "./find-catalog-update.ts";
import { getManagedInstallation } from "./get-managed-installation.ts";

const acceptInputSchema = z.object({ installationId: z.uuid(), revision: z.coerce.number().int().positive() });

/**
 * Moves an installation to the entry revision its owner (or a team admin, for a team one) was
 * shown, and restarts it if it should run. Instance admins cannot accept for others: they are the
 * ones who edit entries, and an edit must not reach anyone's credentials unreviewed.
 */
export async function acceptCatalogUpdate(
  prisma: PrismaClient,
  actor: Actor,
  rawInput: unknown,
  restart: (installation: Installation) => Promise<void>,
): Promise<void> {
  const parsed = acceptInputSchema.safeParse(rawInput);
  if (!parsed.success) throw new AppError("invalid_input", "Unknown connector or update.");
  const { installationId, revision } = parsed.data;
  const installation = await getManagedInstallation(prisma, actor, installationId);
  if (installation.teamId) {
    const membership = await prisma.membership.findUnique({
      where: { teamId_userId: { teamId: installation.teamId, userId: actor.id } },
    });
    if (!membership || !hasRole(membership.role, teamPermissions["team.manageInstallations"]))
      throw new AppError("forbidden", "Only team admins can accept updates of team connectors.");
  }
  const update = await findCatalogUpdate(prisma, installationId);
  if (update?.revision !== revision)
    throw new AppError("conflict", "This update is no longer current. Review the changes shown now.");
  if (!(await acceptCatalogRevision(prisma, installationId, revision)))
    throw new AppError("conflict", "This update was already accepted.");
  await prisma.auditEvent.create({
    data: {
      actorUserId: actor.id,
      action: "installation.catalog_update_accepted",
      targetType: "installation",
      targetId: installationId,
      teamId: installation.teamId,
      metadata: {
        catalogEntry: installation.catalogEntry.slug,
        from: installation.catalogRevision,
        to: revision,
        fields: update.changes.map((change) => change.field),
      },
    },
  });
  const updated = await prisma.installation.update({
    where: { id: installationId },
    data: installation.desiredState === "RUNNING" ? { status: "QUEUED", statusReason: null, restartCount: 0 } : {},
  });
  if (updated.desiredState === "RUNNING") await restart(updated);
}
