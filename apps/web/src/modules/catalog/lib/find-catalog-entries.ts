import { readCatalogEntry } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import { z } from "zod";
import { toCatalogRow } from "./catalog-row.ts";
import { searchCatalogRows } from "./search-catalog-rows.ts";

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
  const rows = await prisma.connector.findMany({
    where: { OR: [{ ownerUserId: userId }, { team: { memberships: { some: { userId } } } }] },
    select: { catalogEntry: { select: { slug: true } } },
    distinct: ["catalogEntryId"],
  });
  return rows.map((row) => row.catalogEntry.slug);
}

/** Distinct categories of the enabled entries, for the filter list (read from the browse index). */
async function findCategories(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<Array<{ category: string }>>`
    SELECT DISTINCT category FROM "CatalogEntry" WHERE enabled AND category IS NOT NULL ORDER BY category`;
  return rows.map((row) => row.category);
}

/** One page of enabled entries matching the query, best match first; `installed` is relative to the user. */
export async function findCatalogEntries(prisma: PrismaClient, userId: string, query: CatalogQuery) {
  const search = (installedSlugs: readonly string[]) =>
    searchCatalogRows(prisma, {
      ...(query.q ? { q: query.q } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(query.auth ? { authKind: query.auth } : {}),
      ...(query.location ? { location: query.location } : {}),
      ...(query.installed ? { installed: query.installed === "yes" } : {}),
      installedSlugs,
      page: query.page,
      pageSize: query.pageSize,
    });
  // Round trips in a row are what a loaded server pays for most: the user's connectors are
  // awaited first only when they filter the search, otherwise they only flag its hits.
  const installing = findInstalledSlugs(prisma, userId);
  const [installedSlugs, page, categories] = await Promise.all([
    installing,
    query.installed ? installing.then(search) : search([]),
    findCategories(prisma),
  ]);
  const installed = new Set(installedSlugs);
  return {
    total: page.total,
    page: query.page,
    pageSize: query.pageSize,
    categories,
    entries: page.rows.map((row) => {
      const entry = readCatalogEntry(row);
      const { slug, name, description, category, authKind, location, tags } = toCatalogRow(entry);
      return {
        slug,
        source: row.source,
        name,
        description,
        category,
        authKind,
        location,
        tags,
        entry,
        installed: installed.has(slug),
      };
    }),
  };
}
