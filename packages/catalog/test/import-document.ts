import { CatalogImportError, detectAndImport } from "../src/index.ts";
import type { CatalogEntry, ImportWarning } from "../src/index.ts";

/** The first entry the import makes of a document, and the import's notes on it. */
export function importOne(value: unknown): { entry: CatalogEntry; notes: ImportWarning[] } {
  const result = detectAndImport(JSON.stringify(value));
  return { entry: result.entries[0] as CatalogEntry, notes: result.warnings };
}

/** The import's refusal of a document; a document it accepts fails the test. */
export function importRejection(value: unknown): CatalogImportError {
  try {
    detectAndImport(JSON.stringify(value));
  } catch (error) {
    if (error instanceof CatalogImportError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}
