import type { PrismaClient } from "@switchboard/db";
import type { GuardedFetch } from "@switchboard/oauth";
import type { Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { toCatalogRow } from "../../catalog/lib/catalog-row.ts";
import { previewImport } from "./preview-import.ts";

/**
 * Saves an import (re-parsed here: the preview the browser saw is not trusted). All or nothing.
 * Suggested allowed hosts are saved only for the entries in `acceptedHosts` (the preview's checkboxes).
 */
export async function saveImport(
  prisma: PrismaClient,
  actor: Actor,
  text: unknown,
  fetchBundle?: GuardedFetch,
  acceptedHosts: readonly string[] = [],
) {
  const { items } = await previewImport(prisma, actor, text, fetchBundle, acceptedHosts);
  const conflicts = items.filter((item) => item.status === "conflict").map((item) => item.entry.id);
  if (conflicts.length) {
    throw new AppError(
      "conflict",
      `These ids belong to built-in or developer entries; rename them to import: ${conflicts.join(", ")}.`,
    );
  }
  const changed = items.filter((item) => item.status === "new" || item.status === "update");
  await prisma.$transaction(async (tx) => {
    for (const { entry, status } of changed) {
      const row = toCatalogRow(entry);
      if (status === "new") await tx.catalogEntry.create({ data: row });
      else await tx.catalogEntry.update({ where: { slug: row.slug }, data: { ...row, revision: { increment: 1 } } });
    }
    await tx.auditEvent.create({
      data: {
        actorUserId: actor.id,
        action: "catalog.imported",
        targetType: "catalog",
        metadata: {
          created: changed.filter((i) => i.status === "new").map((i) => i.entry.id),
          updated: changed.filter((i) => i.status === "update").map((i) => i.entry.id),
        },
      },
    });
  });
  return { saved: changed.length, unchanged: items.length - changed.length };
}
