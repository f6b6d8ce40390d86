import { detectFormat } from "../detect-and-import.ts";
import { readJson } from "../read-json.ts";
import { splitDocuments } from "../split-documents.ts";
import { readApiResponse } from "./read-registry-list.ts";
import { upgradeRegistryDocument } from "./upgrade-registry-document.ts";

export interface BundlePackage {
  url: string;
  /** As published (fileSha256), or undefined: the download step refuses a bundle without one. */
  sha256: string | undefined;
}

/**
 * The MCP bundles (`mcpb` packages) of the server.json documents in an import's text, which the
 * caller downloads and verifies before importing (see `bundleManifests`). Empty for text that is
 * not JSON or has none: the import itself then reports what is wrong with it.
 */
export function listBundlePackages(text: string, maxBytes?: number): BundlePackage[] {
  let value: unknown;
  try {
    value = readJson(text, maxBytes);
  } catch {
    return [];
  }
  return splitDocuments(value).documents.flatMap(({ document }) => {
    if (detectFormat(document) !== "registry") return [];
    const upgraded = upgradeRegistryDocument(readApiResponse(document) ?? document).value as { packages?: unknown };
    const packages = Array.isArray(upgraded.packages) ? (upgraded.packages as unknown[]) : [];
    return packages.flatMap((pkg) => {
      if (typeof pkg !== "object" || pkg === null) return [];
      const { registryType, identifier, fileSha256 } = pkg as Record<string, unknown>;
      if (registryType !== "mcpb" || typeof identifier !== "string") return [];
      return [{ url: identifier, sha256: typeof fileSha256 === "string" ? fileSha256.trim().toLowerCase() : undefined }]; // prettier-ignore
    });
  });
}
