import type { CatalogEntry } from "@switchboard/catalog";
import type { CatalogSource } from "@switchboard/db";

const sourceColumn: Record<CatalogEntry["source"], CatalogSource> = {
  builtin: "BUILTIN",
  developer: "DEVELOPER",
  custom: "CUSTOM",
};

/** The columns search and filters use, derived from the entry; the entry itself is stored whole. */
export function toCatalogRow(entry: CatalogEntry) {
  return {
    slug: entry.id,
    source: sourceColumn[entry.source],
    name: entry.name,
    description: entry.description,
    category: entry.category ?? null,
    authKind: entry.auth.kind,
    location: entry.server.type,
    tags: entry.tags,
    entry: entry as object,
  };
}
