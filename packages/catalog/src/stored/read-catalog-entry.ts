import { CatalogIssueError } from "../errors/catalog-error.ts";
import { formatIssues } from "../errors/format-issues.ts";
import { catalogEntrySchema } from "../schema/catalog-entry.ts";
import type { CatalogEntry } from "../schema/catalog-entry.ts";

/** A `CatalogEntry` row as selected from the database: at least its slug and its `entry` JSON. */
export interface StoredCatalogEntryRow {
  slug: string;
  entry: unknown;
}

/** A stored entry no longer matches the schema (edited by hand, or written by an older release). */
export class StoredCatalogEntryError extends CatalogIssueError {
  override readonly name = "StoredCatalogEntryError";
}

/**
 * The only way to get a `CatalogEntry` out of the database: the JSON column is parsed, not cast,
 * so a corrupted row fails here with its slug and the bad field instead of deep in a launch.
 */
export function readCatalogEntry(row: StoredCatalogEntryRow): CatalogEntry {
  const result = catalogEntrySchema.safeParse(row.entry, { reportInput: true });
  if (!result.success) {
    throw new StoredCatalogEntryError(
      `Stored catalog entry "${row.slug}" is invalid`,
      formatIssues(result.error.issues),
    );
  }
  return result.data;
}
