import { CatalogImportError } from "../errors/catalog-error.ts";
import { formatIssues } from "../errors/format-issues.ts";
import { catalogEntrySchema } from "../schema/catalog-entry.ts";
import type { CatalogEntry, CatalogEntryInput, CatalogSource } from "../schema/catalog-entry.ts";
import type { ImportNotes, ImportWarning } from "./import-notes.ts";

export type { ImportWarning } from "./import-notes.ts";

export interface ImportResult {
  entries: CatalogEntry[];
  warnings: ImportWarning[];
}

export interface ImportOptions {
  /** Source tag for entries of foreign formats; Switchboard exports keep their own. Default `custom`. */
  source?: CatalogSource;
}

export const FORMAT_LABELS = {
  archestra: "Archestra catalog entry",
  registry: "MCP Registry server.json",
  mcpServers: "mcpServers config",
  switchboard: "Switchboard catalog export",
} as const;

/** Validates what an importer built; a failure here is a source that maps to an unusable entry. */
export function finalizeEntry(candidate: Omit<CatalogEntryInput, "extensions">, notes: ImportNotes): CatalogEntry {
  const result = catalogEntrySchema.safeParse({ ...candidate, extensions: notes.extensions() }, { reportInput: true });
  if (result.success) return result.data;
  const label = candidate.origin ? FORMAT_LABELS[candidate.origin.format] : "source";
  throw new CatalogImportError(
    `The entry mapped from this ${label} is invalid (paths refer to the Switchboard entry)`,
    formatIssues(result.error.issues),
  );
}
