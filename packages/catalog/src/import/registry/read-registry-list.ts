import type { CatalogIssue } from "../../errors/catalog-error.ts";

export interface ListedDocument {
  document: unknown;
  /** Where it sits in the imported text, e.g. `servers[2]`; prefixes its notes and problems. */
  path: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A registry API list response (`GET /v0/servers`, a saved page of a subregistry):
 * `{servers: [{server, _meta}], metadata}`. Undefined for anything else, including VS Code's
 * `servers`, which is an object.
 */
export function readRegistryList(value: unknown): { documents: ListedDocument[]; notes: CatalogIssue[] } | undefined {
  if (!isObject(value) || !Array.isArray(value.servers) || value.servers.length === 0) return undefined;
  if (!value.servers.every((item) => isObject(item) && isObject(item.server))) return undefined;
  const notes = Object.keys(value)
    .filter((key) => key !== "servers")
    .map((key) => ({
      path: key,
      message: key === "metadata" ? "the list's paging metadata: ignored (import the next page on its own)" : "not part of any server; ignored", // prettier-ignore
    }));
  return { documents: value.servers.map((document, index) => ({ document, path: `servers[${index}]` })), notes };
}

/** `{server: {...}, _meta}` (registry API responses, /v0/publish bodies): the server.json inside. */
export function readApiResponse(value: unknown): Record<string, unknown> | undefined {
  if (!isObject(value) || "packages" in value || "remotes" in value) return undefined;
  return isObject(value.server) ? value.server : undefined;
}
