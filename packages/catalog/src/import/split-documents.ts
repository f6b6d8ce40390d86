import type { CatalogIssue } from "../errors/catalog-error.ts";
import { readRegistryList } from "./registry/read-registry-list.ts";
import type { ListedDocument } from "./registry/read-registry-list.ts";
import { selectNewestVersions } from "./registry/select-newest-versions.ts";

export interface SplitDocuments {
  documents: ListedDocument[];
  /** What was read differently or skipped (older versions of a registry server), by path. */
  notes: CatalogIssue[];
  /** A top-level array or a registry API list: each document's problems are reported with its path. */
  several: boolean;
}

/** The documents of an import: a top-level array or a registry API list holds several, of any format. */
export function splitDocuments(value: unknown): SplitDocuments {
  const list = readRegistryList(value);
  const split = Array.isArray(value)
    ? { documents: value.map((document, index) => ({ document, path: `[${index}]` })), notes: [] }
    : (list ?? { documents: [{ document: value, path: "" }], notes: [] });
  const newest = selectNewestVersions(split.documents);
  return { documents: newest.kept, notes: [...split.notes, ...newest.notes], several: Array.isArray(value) || !!list };
}
