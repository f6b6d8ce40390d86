import type { AuthKind } from "../schema/auth.ts";
import type { CatalogEntry } from "../schema/catalog-entry.ts";
import { normalizeText } from "./index-catalog.ts";
import type { CatalogIndex, IndexedEntry } from "./index-catalog.ts";

export interface CatalogQuery {
  /** Words matched against name, id, tags, category, publisher and description; every word must match. */
  q?: string;
  category?: string;
  authKind?: AuthKind;
  location?: "local" | "remote";
  /** Entry ids the viewer has installed; hits are flagged. */
  installedIds?: Iterable<string>;
  /** true: only installed entries; false: only the others; absent: all. */
  installed?: boolean;
}

export interface PageRequest {
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface CatalogHit {
  entry: CatalogEntry;
  installed: boolean;
  score: number;
}

export interface CatalogPage {
  items: CatalogHit[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

export const DEFAULT_PAGE_SIZE = 24;
export const MAX_PAGE_SIZE = 100;
const MAX_TERMS = 8;

/** Filters, ranks (best match first, then by name) and pages an index built by `indexCatalog`. */
export function searchCatalog(index: CatalogIndex, query: CatalogQuery = {}, page: PageRequest = {}): CatalogPage {
  const terms = [
    ...new Set(
      normalizeText(query.q ?? "")
        .split(/\s+/)
        .filter(Boolean),
    ),
  ].slice(0, MAX_TERMS);
  const installedIds = new Set(query.installedIds ?? []);
  const category = query.category === undefined ? undefined : normalizeText(query.category);
  const hits: Array<CatalogHit & { sortKey: string }> = [];
  for (const item of index.entries) {
    const { entry } = item;
    const installed = installedIds.has(entry.id);
    if (category !== undefined && item.category !== category) continue;
    if (query.authKind !== undefined && entry.auth.kind !== query.authKind) continue;
    if (query.location !== undefined && entry.server.type !== query.location) continue;
    if (query.installed !== undefined && installed !== query.installed) continue;
    const score = scoreEntry(item, terms);
    if (score > 0 || terms.length === 0) hits.push({ entry, installed, score, sortKey: item.sortKey });
  }
  hits.sort((a, b) => b.score - a.score || (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  const pageSize = clampInteger(page.pageSize ?? DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const pageCount = Math.max(1, Math.ceil(hits.length / pageSize));
  const current = clampInteger(page.page ?? 1, 1, Number.MAX_SAFE_INTEGER);
  const items = hits.slice((current - 1) * pageSize, current * pageSize).map(({ sortKey: _sortKey, ...hit }) => hit);
  return { items, total: hits.length, page: current, pageSize, pageCount };
}

/** Sum over terms of the best field each term hits; 0 when any term hits nothing. */
function scoreEntry(item: IndexedEntry, terms: readonly string[]): number {
  let total = 0;
  for (const term of terms) {
    const score = Math.max(
      item.name === term ? 100 : 0,
      item.name.startsWith(term) ? 60 : 0,
      item.nameWords.some((word) => word.startsWith(term)) ? 40 : 0,
      item.name.includes(term) ? 25 : 0,
      item.id.includes(term) ? 20 : 0,
      item.tags.some((tag) => tag === term) ? 30 : item.tags.some((tag) => tag.includes(term)) ? 15 : 0,
      item.category.includes(term) || item.publisher.includes(term) ? 10 : 0,
      item.description.includes(term) ? 5 : 0,
    );
    if (score === 0) return 0;
    total += score;
  }
  return total;
}

function clampInteger(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.trunc(value))) : min;
}
