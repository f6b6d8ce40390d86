import type { AuthKind } from "@switchboard/catalog";
import { searchCatalog } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import { z } from "zod";
import { loadCatalogIndex } from "./catalog-index-cache.ts";
import { toCatalogRow } from "./catalog-row.ts";

export const catalogQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  category: z.string().max(100).optional(),
  auth: z.string().max(40).optional(),
  location: z.enum(["local", "remote"]).optional(),
  installed: z.enum(["yes", "no"]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(24),
});

export type CatalogQuery = z.infer<typeof catalogQuerySchema>;

/** Slugs of the entries the user installed, personally or through a team. */
async function findInstalledSlugs(prisma: PrismaClient, userId: string): Promise<string[]> {
  const rows = await prisma.installation.findMany({
    where: { OR: [{ ownerUserId: userId }, { team: { memberships: { some: { userId } } } }] },
    select: { catalogEntry: { select: { slug: true } } },
    distinct: ["catalogEntryId"],
  });
  return rows.map((row) => row.catalogEntry.slug);
}

/** One page of enabled entries matching the query, best match first; `installed` is relative to the user. */
export async function findCatalogEntries(prisma: PrismaClient, userId: string, query: CatalogQuery) {
  const [catalog, installedIds] = await Promise.all([loadCatalogIndex(prisma), findInstalledSlugs(prisma, userId)]);
  const result = searchCatalog(
    catalog.index,
    {
      ...(query.q ? { q: query.q } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(query.auth ? { authKind: query.auth as AuthKind } : {}),
      ...(query.location ? { location: query.location } : {}),
      ...(query.installed ? { installed: query.installed === "yes" } : {}),
      installedIds,
    },
    { page: query.page, pageSize: query.pageSize },
  );
  return {
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    categories: catalog.categories,
    entries: result.items.map(({ entry, installed }) => {
      const { slug, name, description, category, authKind, location, tags } = toCatalogRow(entry);
      return {
        slug,
        source: catalog.sources.get(slug) ?? "CUSTOM",
        name,
        description,
        category,
        authKind,
        location,
        tags,
        entry,
        installed,
      };
    }),
  };
}
