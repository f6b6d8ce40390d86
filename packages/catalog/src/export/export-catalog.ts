import { CatalogImportError, prefixIssues } from "../errors/catalog-error.ts";
import { CATALOG_DOCUMENT_FORMAT, parseCatalogEntry } from "../import/import-switchboard.ts";
import { CATALOG_SCHEMA_VERSION } from "../schema/catalog-entry.ts";
import type { CatalogEntry } from "../schema/catalog-entry.ts";

/**
 * Serializes entries as a Switchboard catalog document, which `detectAndImport` reads back to equal
 * entries. Entries are re-validated so an export never contains something the import would refuse.
 */
export function exportCatalog(entries: readonly CatalogEntry[]): string {
  const normalized = entries.map((entry, index) => {
    try {
      return parseCatalogEntry(entry);
    } catch (error) {
      if (!(error instanceof CatalogImportError)) throw error;
      throw new CatalogImportError("Cannot export an invalid entry", prefixIssues(error.issues, `[${index}]`));
    }
  });
  const document = { format: CATALOG_DOCUMENT_FORMAT, schemaVersion: CATALOG_SCHEMA_VERSION, entries: normalized };
  return `${JSON.stringify(document, null, 2)}\n`;
}
