import { CatalogImportError, describeIssue, parseCatalogEntry } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import { requireInstanceAdmin, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { toCatalogRow } from "../../catalog/lib/catalog-row.ts";

async function findEntryForAdmin(prisma: PrismaClient, actor: Actor, slug: string) {
  requireInstanceAdmin(actor);
  const row = await prisma.catalogEntry.findUnique({
    where: { slug },
    include: { _count: { select: { connectors: true } } },
  });
  if (!row) throw new AppError("not_found", "This catalog entry does not exist.");
  return row;
}

async function audit(prisma: PrismaClient, actor: Actor, action: string, slug: string) {
  await prisma.auditEvent.create({
    data: { actorUserId: actor.id, action, targetType: "catalog_entry", targetId: slug },
  });
}

/** Any entry can be hidden from the catalog; existing connectors keep running. */
export async function setEntryEnabled(prisma: PrismaClient, actor: Actor, slug: string, enabled: boolean) {
  const row = await findEntryForAdmin(prisma, actor, slug);
  await prisma.catalogEntry.update({ where: { id: row.id }, data: { enabled } });
  await audit(prisma, actor, enabled ? "catalog.entry_enabled" : "catalog.entry_disabled", slug);
}

/** Deletes an admin entry that nothing is installed from. */
export async function deleteEntry(prisma: PrismaClient, actor: Actor, slug: string) {
  const row = await findEntryForAdmin(prisma, actor, slug);
  if (row.source !== "CUSTOM")
    throw new AppError("forbidden", "Built-in and developer entries cannot be deleted; disable them instead.");
  if (row._count.connectors > 0)
    throw new AppError("conflict", "Connectors are installed from this entry; disable it instead.");
  await prisma.catalogEntry.delete({ where: { id: row.id } });
  await audit(prisma, actor, "catalog.entry_deleted", slug);
}

/** Replaces an admin entry with edited JSON (validated by the catalog schema; the id cannot change). */
export async function updateEntry(prisma: PrismaClient, actor: Actor, slug: string, json: unknown) {
  const row = await findEntryForAdmin(prisma, actor, slug);
  if (row.source !== "CUSTOM")
    throw new AppError("forbidden", "Built-in and developer entries are edited in their source files.");
  let entry;
  try {
    entry = parseCatalogEntry(JSON.parse(String(json)));
  } catch (error) {
    if (error instanceof SyntaxError) throw new AppError("invalid_input", `Not valid JSON: ${error.message}`);
    if (error instanceof CatalogImportError)
      throw new AppError("invalid_input", error.issues.map(describeIssue).join("\n"));
    throw error;
  }
  if (entry.id !== slug) throw new AppError("invalid_input", `id: expected "${slug}" (an entry's id cannot change)`);
  if (entry.source !== "custom") throw new AppError("invalid_input", 'source: expected "custom"');
  await prisma.catalogEntry.update({
    where: { id: row.id },
    data: { ...toCatalogRow(entry), revision: { increment: 1 } },
  });
  await audit(prisma, actor, "catalog.entry_updated", slug);
  return entry;
}

export async function listEntriesForAdmin(prisma: PrismaClient, actor: Actor) {
  requireInstanceAdmin(actor);
  return prisma.catalogEntry.findMany({
    select: {
      slug: true,
      name: true,
      source: true,
      enabled: true,
      authKind: true,
      revision: true,
      _count: { select: { connectors: true } },
    },
    orderBy: [{ source: "asc" }, { name: "asc" }],
  });
}
