import { isDeepStrictEqual } from "node:util";
import type { CatalogEntry } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import { toCatalogRow } from "./catalog-row.ts";

/**
 * Makes the stored entries of one source (built-in or developer folder) match `entries`: new ones
 * are inserted, changed ones updated with a new revision, vanished ones disabled (connectors
 * may still point at them). Admin-made entries are never touched.
 */
export async function syncCatalogSource(
  prisma: PrismaClient,
  source: "BUILTIN" | "DEVELOPER",
  entries: readonly CatalogEntry[],
) {
  const existing = await prisma.catalogEntry.findMany({
    where: { source },
    select: { id: true, slug: true, entry: true, enabled: true },
  });
  const bySlug = new Map(existing.map((row) => [row.slug, row]));
  const wanted = new Set(entries.map((entry) => entry.id));
  let changed = 0;
  for (const entry of entries) {
    const row = toCatalogRow(entry);
    const current = bySlug.get(entry.id);
    if (!current) {
      const taken = await prisma.catalogEntry.findUnique({ where: { slug: row.slug }, select: { id: true } });
      if (taken) continue; // an admin entry with this slug wins
      await prisma.catalogEntry.create({ data: row });
      changed += 1;
    } else if (!isDeepStrictEqual(current.entry, JSON.parse(JSON.stringify(entry))) || !current.enabled) {
      await prisma.catalogEntry.update({
        where: { id: current.id },
        data: { ...row, enabled: true, revision: { increment: 1 } },
      });
      changed += 1;
    }
  }
  const vanished = existing.filter((row) => !wanted.has(row.slug) && row.enabled).map((row) => row.id);
  if (vanished.length)
    await prisma.catalogEntry.updateMany({ where: { id: { in: vanished } }, data: { enabled: false } });
  return { changed, disabled: vanished.length };
}
