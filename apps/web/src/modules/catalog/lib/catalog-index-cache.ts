import { indexCatalog, readCatalogEntry, type CatalogIndex } from "@switchboard/catalog";
import type { CatalogSource, PrismaClient } from "@switchboard/db";

interface CachedCatalog {
  version: string;
  index: CatalogIndex;
  sources: Map<string, CatalogSource>;
  categories: string[];
}

let cached: CachedCatalog | undefined;

/**
 * The enabled catalog as an in-memory search index, rebuilt only when the stored catalog changed:
 * one cheap query per search instead of a scan, so results render fast at thousands of entries.
 * Every write bumps `updatedAt` and deletes change the count, so the version catches both.
 */
export async function loadCatalogIndex(prisma: PrismaClient): Promise<CachedCatalog> {
  const [row] = await prisma.$queryRaw<{ version: string }[]>`
    SELECT concat_ws('/', count(*), max("updatedAt")) AS version FROM "CatalogEntry" WHERE enabled`;
  const version = row?.version ?? "";
  if (cached?.version === version) return cached;
  const rows = await prisma.catalogEntry.findMany({
    where: { enabled: true },
    select: { slug: true, source: true, entry: true },
  });
  const entries = rows.map(readCatalogEntry);
  cached = {
    version,
    index: indexCatalog(entries),
    sources: new Map(rows.map((r) => [r.slug, r.source])),
    categories: [...new Set(entries.flatMap((entry) => (entry.category ? [entry.category] : [])))].sort(),
  };
  return cached;
}
