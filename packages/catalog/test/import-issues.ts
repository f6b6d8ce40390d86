import { CatalogImportError } from "../src/errors/catalog-error.ts";
import { detectAndImport } from "../src/import/detect-and-import.ts";

/** The issues an import of `text` is refused with; fails when it is not refused. */
export function importIssues(text: string, maxBytes?: number) {
  try {
    detectAndImport(text, maxBytes === undefined ? {} : { maxBytes });
  } catch (error) {
    if (error instanceof CatalogImportError) return error.issues;
    throw error;
  }
  throw new Error("expected a CatalogImportError");
}
