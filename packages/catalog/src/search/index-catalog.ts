import type { CatalogEntry } from "../schema/catalog-entry.ts";

/** One entry with its searchable text lower-cased and accent-free once, not per query. */
export interface IndexedEntry {
  entry: CatalogEntry;
  id: string;
  name: string;
  nameWords: readonly string[];
  tags: readonly string[];
  category: string;
  publisher: string;
  description: string;
  sortKey: string;
}

export interface CatalogIndex {
  readonly entries: readonly IndexedEntry[];
  /** Distinct categories, sorted, for a filter list. */
  readonly categories: readonly string[];
}

export function indexCatalog(entries: readonly CatalogEntry[]): CatalogIndex {
  const indexed = entries.map((entry) => {
    const name = normalizeText(entry.name);
    return {
      entry,
      id: normalizeText(entry.id),
      name,
      nameWords: name.split(/[^\p{L}\p{N}]+/u).filter(Boolean),
      tags: entry.tags.map(normalizeText),
      category: normalizeText(entry.category ?? ""),
      publisher: normalizeText(entry.publisher?.name ?? ""),
      description: normalizeText(entry.description),
      sortKey: `${name}\u0000${entry.id}`,
    };
  });
  const categories = [...new Set(entries.flatMap((entry) => (entry.category ? [entry.category] : [])))];
  return { entries: indexed, categories: categories.sort((a, b) => a.localeCompare(b)) };
}

/** Lower case without diacritics, so "cafe" finds "Café". */
export function normalizeText(text: string): string {
  return text.normalize("NFKD").replaceAll(/\p{M}/gu, "").toLowerCase();
}
