import { readCatalogEntry } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import { AppError } from "@/server/errors.ts";

/** An enabled entry by slug, for any signed-in user. */
export async function getCatalogEntry(prisma: PrismaClient, slug: string) {
  const row = await prisma.catalogEntry.findUnique({ where: { slug } });
  if (!row || !row.enabled) throw new AppError("not_found", "This connector is not in the catalog.");
  return { ...row, entry: readCatalogEntry(row) };
}
