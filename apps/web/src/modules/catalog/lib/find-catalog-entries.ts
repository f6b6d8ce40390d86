import type { Prisma, PrismaClient } from "@switchboard/db";
import { z } from "zod";

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

const summary = {
  id: true,
  slug: true,
  source: true,
  name: true,
  description: true,
  category: true,
  authKind: true,
  location: true,
  tags: true,
  entry: true,
} satisfies Prisma.CatalogEntrySelect;

/** One page of enabled entries matching the query; `installed` is relative to the user's installations. */
export async function findCatalogEntries(prisma: PrismaClient, userId: string, query: CatalogQuery) {
  const installedBy: Prisma.CatalogEntryWhereInput = {
    installations: { some: { OR: [{ ownerUserId: userId }, { team: { memberships: { some: { userId } } } }] } },
  };
  const terms = (query.q ?? "").toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  const where: Prisma.CatalogEntryWhereInput = {
    enabled: true,
    ...(query.category ? { category: query.category } : {}),
    ...(query.auth ? { authKind: query.auth } : {}),
    ...(query.location ? { location: query.location } : {}),
    AND: [
      ...terms.map((term) => ({ searchText: { contains: term } })),
      ...(query.installed === "yes" ? [installedBy] : query.installed === "no" ? [{ NOT: installedBy }] : []),
    ],
  };
  const [total, rows, categories] = await Promise.all([
    prisma.catalogEntry.count({ where }),
    prisma.catalogEntry.findMany({
      where,
      select: { ...summary, _count: { select: { installations: { where: installedBy.installations!.some } } } },
      orderBy: [{ name: "asc" }, { slug: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    prisma.catalogEntry.findMany({
      where: { enabled: true, category: { not: null } },
      distinct: ["category"],
      select: { category: true },
      orderBy: { category: "asc" },
    }),
  ]);
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    categories: categories.map((row) => row.category!),
    entries: rows.map(({ _count, ...row }) => ({ ...row, installed: _count.installations > 0 })),
  };
}
