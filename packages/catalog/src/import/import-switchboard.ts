import { z } from "zod";
import { CatalogImportError, prefixIssues } from "../errors/catalog-error.ts";
import type { CatalogIssue } from "../errors/catalog-error.ts";
import { formatIssues } from "../errors/format-issues.ts";
import { CATALOG_SCHEMA_VERSION, catalogEntrySchema } from "../schema/catalog-entry.ts";
import type { CatalogEntry } from "../schema/catalog-entry.ts";
import type { ImportResult } from "./import-result.ts";

export const CATALOG_DOCUMENT_FORMAT = "switchboard-catalog";

const documentSchema = z.strictObject({
  format: z.literal(CATALOG_DOCUMENT_FORMAT),
  schemaVersion: z.literal(CATALOG_SCHEMA_VERSION),
  entries: z.array(z.unknown()),
});

/**
 * Reads Switchboard's own normalized JSON: an export document or one stored entry. The format is
 * exact: an unknown field is an error here (a newer writer bumps `schemaVersion`), unlike foreign
 * formats whose extras are kept.
 */
export function importSwitchboardCatalog(value: unknown): ImportResult {
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== CATALOG_SCHEMA_VERSION) {
    throw new CatalogImportError("Unsupported Switchboard catalog", [
      {
        path: "schemaVersion",
        message: `expected ${CATALOG_SCHEMA_VERSION}, got ${JSON.stringify(version) ?? "nothing"}`,
      },
    ]);
  }
  const isDocument = typeof value === "object" && value !== null && "entries" in value;
  if (!isDocument) return { entries: [parseCatalogEntry(value)], warnings: [] };
  const document = documentSchema.safeParse(value, { reportInput: true });
  if (!document.success) {
    throw new CatalogImportError("Invalid Switchboard catalog export", formatIssues(document.error.issues));
  }
  const entries: CatalogEntry[] = [];
  const issues: CatalogIssue[] = [];
  document.data.entries.forEach((candidate, index) => {
    try {
      entries.push(parseCatalogEntry(candidate));
    } catch (error) {
      if (!(error instanceof CatalogImportError)) throw error;
      issues.push(...prefixIssues(error.issues, `entries[${index}]`));
    }
  });
  if (issues.length > 0) throw new CatalogImportError("Invalid Switchboard catalog export", issues);
  return { entries, warnings: [] };
}

/** Validates one normalized entry (e.g. read back from the database). */
export function parseCatalogEntry(value: unknown): CatalogEntry {
  const result = catalogEntrySchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new CatalogImportError("Invalid catalog entry", formatIssues(result.error.issues));
  return result.data;
}
