import { listBundlePackages } from "@switchboard/catalog";
import type { BundleManifests, BundlePackage } from "@switchboard/catalog";
import { BundleError, describeBundleUrl, readBundle } from "@switchboard/catalog/bundle";
import { isOAuthError } from "@switchboard/oauth";
import type { GuardedFetch } from "@switchboard/oauth";
import { AppError } from "@/server/errors.ts";

type CheckedBundle = BundlePackage & { sha256: string };

/** More bundles than one server.json lists for its platforms is not an import anyone means. */
const MAX_BUNDLES_PER_IMPORT = 8;

/**
 * Downloads the MCP bundles an import's server.json documents name, through the SSRF-guarded
 * fetch (size and time limited, streamed), checks each against its publisher's sha256 and returns their
 * manifest.json by checksum, which the pure importer turns into entries. A package without a
 * checksum is not downloaded: the importer then says why it cannot be used.
 */
export async function readImportBundles(text: string, fetchBundle: GuardedFetch): Promise<BundleManifests> {
  const bundles = listBundlePackages(text).filter((bundle): bundle is CheckedBundle => !!bundle.sha256);
  if (bundles.length > MAX_BUNDLES_PER_IMPORT) {
    throw new AppError("invalid_input", `This import names ${bundles.length} MCP bundles; at most ${MAX_BUNDLES_PER_IMPORT} are downloaded at once.`); // prettier-ignore
  }
  const manifests = new Map<string, unknown>();
  for (const bundle of bundles) {
    if (manifests.has(bundle.sha256)) continue;
    manifests.set(bundle.sha256, await downloadManifest(bundle, fetchBundle));
  }
  return manifests;
}

async function downloadManifest(bundle: CheckedBundle, fetchBundle: GuardedFetch): Promise<unknown> {
  const where = describeBundleUrl(bundle.url);
  try {
    const response = await fetchBundle(bundle.url, {
      headers: { accept: "application/octet-stream, application/zip" },
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new AppError(
        "invalid_input",
        `The MCP bundle at ${where} could not be downloaded: HTTP ${response.status}.`,
      );
    }
    // The body streams into readBundle, which hashes it as it arrives and keeps one copy.
    return (await readBundle(response.body ?? new Uint8Array(), bundle.sha256, { manifestOnly: true })).manifest;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof BundleError) throw new AppError("invalid_input", `The MCP bundle at ${where} was refused: ${error.message}`); // prettier-ignore
    // The guard's messages name the host and the reason (private address, too large, timeout).
    if (isOAuthError(error)) throw new AppError("invalid_input", `The MCP bundle at ${where} could not be downloaded: ${error.message}`); // prettier-ignore
    throw new AppError("invalid_input", `The MCP bundle at ${where} could not be downloaded.`);
  }
}
