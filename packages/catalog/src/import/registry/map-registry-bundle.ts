import { CatalogImportError, prefixIssues } from "../../errors/catalog-error.ts";
import { formatPath } from "../../errors/format-path.ts";
import type { PathSegment } from "../../errors/format-path.ts";
import { isHttpUrl } from "../../schema/primitives.ts";
import type { CatalogEntry } from "../../schema/catalog-entry.ts";
import { getOwn } from "../../util/get-own.ts";
import { importArchestraEntry } from "../archestra/import-archestra.ts";
import type { ImportNotes } from "../import-notes.ts";
import type { RegistryPackage } from "./registry-schema.ts";

/** Manifests (`manifest.json`) of bundles the caller downloaded and verified, by their sha256. */
export type BundleManifests = ReadonlyMap<string, unknown>;

/**
 * Why an `mcpb` package cannot be used, or undefined when it can: the importer is pure, so the
 * bundle's own manifest (which says how to start it) must come from a caller that downloaded the
 * bundle and checked it against `fileSha256`; Switchboard's admin import does.
 */
export function findUnusableBundleReason(
  pkg: RegistryPackage,
  manifests: BundleManifests | undefined,
): string | undefined {
  // prettier-ignore
  if (!isHttpUrl(pkg.identifier)) return `registryType mcpb: the identifier ${pkg.identifier} is not the bundle's http(s) URL`; // prettier-ignore
  const sha256 = pkg.fileSha256?.trim().toLowerCase();
  if (!sha256) return `registryType mcpb: the bundle at ${pkg.identifier} has no fileSha256, and Switchboard installs a bundle only when its publisher's checksum vouches for it`; // prettier-ignore
  if (!manifests?.has(sha256)) return `registryType mcpb: the bundle at ${pkg.identifier} (sha256 ${sha256}) has not been downloaded; Switchboard's admin import downloads it, checks its sha256 and imports its manifest.json`; // prettier-ignore
  return undefined;
}

/**
 * An MCP bundle's server comes from its own manifest.json (DXT / MCPB format, imported as such):
 * how to start it, its runtime and its settings (secrets kept secret). The entry records the
 * bundle (URL + sha256) so the runner downloads, verifies and unpacks it at `${__dirname}`.
 */
export function importBundleManifest(
  pkg: RegistryPackage,
  path: readonly PathSegment[],
  manifests: BundleManifests,
  notes: ImportNotes,
): Pick<CatalogEntry, "server" | "userConfig" | "auth" | "extensions"> {
  const sha256 = (pkg.fileSha256 ?? "").trim().toLowerCase();
  const where = `${formatPath(path)} (manifest.json)`;
  let imported: CatalogEntry | undefined;
  try {
    const result = importArchestraEntry(manifests.get(sha256));
    imported = result.entries[0];
    for (const warning of result.warnings) notes.warn(path, `manifest.json${warning.path ? ` ${warning.path}` : ""}: ${warning.message}`); // prettier-ignore
  } catch (error) {
    if (!(error instanceof CatalogImportError)) throw error;
    throw new CatalogImportError(
      "The MCP bundle's manifest.json cannot be imported",
      prefixIssues(error.issues, where),
    );
  }
  const server = imported?.server;
  if (!imported || server?.type !== "local" || server.runtime === "image") {
    throw new CatalogImportError("The MCP bundle's manifest.json cannot be imported", [
      { path: where, message: "it does not start a program of the bundle (server.type node, python, uv or binary)" },
    ]);
  }
  for (const key of ["runtimeArguments", "packageArguments", "environmentVariables", "runtimeHint"] as const) {
    if (getOwn(pkg, key) !== undefined) notes.keep([...path, key], "the bundle's manifest.json says how to start it");
  }
  notes.warn(path, `an MCP bundle: the runner downloads it, checks sha256 ${sha256}, unpacks it at \${__dirname} (/app) onto the ${server.runtime} image and runs its manifest's command`); // prettier-ignore
  return {
    server: { ...server, bundle: { url: pkg.identifier, sha256 } },
    userConfig: imported.userConfig,
    auth: imported.auth,
    extensions: imported.extensions,
  };
}
