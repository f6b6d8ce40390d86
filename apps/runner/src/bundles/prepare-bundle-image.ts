import { createHash } from "node:crypto";
import type { ContainerLaunchSpec } from "@switchboard/catalog";
import { BundleError, describeBundleUrl, openBundle, type OpenedBundle } from "@switchboard/catalog/bundle";
import { isOAuthError, type GuardedFetchPolicy } from "@switchboard/oauth";
import { UnrecoverableError } from "bullmq";
import { prepareImage } from "../lifecycle/prepare-image.ts";
import type { RunnerContext } from "../lifecycle/runner-context.ts";
import { packBundleContext } from "./pack-bundle-context.ts";

type Bundle = NonNullable<ContainerLaunchSpec["bundle"]>;

/**
 * How the runner downloads bundles (with the SSRF guard's settings and the size limit). Release
 * downloads (GitHub's) redirect to a storage host; a host that sends nothing for 15 s fails the
 * download (the job retries) instead of keeping it, and its bundle, open for the whole 120 s.
 */
export const BUNDLE_FETCH_POLICY = {
  maxRedirects: 5,
  timeoutMs: 120_000,
  stallTimeoutMs: 15_000,
  streamBody: true,
} satisfies GuardedFetchPolicy;

/**
 * The image an MCP bundle runs in, built here without any registry: the runtime's image plus the
 * bundle unpacked at /app. Tagged by the bundle's sha256 (and the base image), so a bundle is
 * downloaded and built once per Docker host and reused by every connector of it. The base image is
 * pulled and the bundle downloaded and checked before the build waits its turn (one build at a
 * time per runner, see DockerRuntime.ensureBuiltImage), so a slow host delays only its own bundle.
 */
export async function prepareBundleImage(
  ctx: Pick<RunnerContext, "runtime" | "bundleFetch" | "logger">,
  bundle: Bundle,
  baseImage: string,
  /** The launch's program (`${__dirname}/bin/server` of a binary bundle), made executable. */
  program?: string,
): Promise<{ image: string; imageId: string }> {
  const image = bundleImageTag(bundle.sha256, baseImage);
  let opened: OpenedBundle | undefined;
  try {
    const imageId = await ctx.runtime.ensureBuiltImage(image, async () => {
      await prepareImage(ctx, baseImage);
      const body = await downloadBundle(ctx, bundle);
      try {
        // Hashed as it streams in and kept once; each file is unzipped as the build reads it.
        opened = await openBundle(body, bundle.sha256);
      } catch (error) {
        if (error instanceof BundleError) throw error;
        throw downloadFailure(bundle, error);
      }
      ctx.logger.info({ bundle: describeBundleUrl(bundle.url), sha256: bundle.sha256, files: opened.files.length, image }, "building an MCP bundle image"); // prettier-ignore
      return packBundleContext(baseImage, opened, { ...(program && { program }) });
    });
    return { image, imageId };
  } catch (error) {
    // Refused before the build or while its context was packed (a file that does not unzip).
    if (error instanceof BundleError) throw new UnrecoverableError(`MCP bundle ${describeBundleUrl(bundle.url)} refused: ${error.message}`); // prettier-ignore
    throw error;
  } finally {
    opened?.close();
  }
}

export function bundleImageTag(sha256: string, baseImage: string): string {
  const base = createHash("sha256").update(baseImage).digest("hex").slice(0, 12);
  return `switchboard-mcpb:${sha256.slice(0, 32)}-${base}`;
}

/** The bundle's download, its body still to stream in. */
async function downloadBundle(
  ctx: Pick<RunnerContext, "bundleFetch">,
  bundle: Bundle,
): Promise<ReadableStream<Uint8Array> | Uint8Array> {
  let response: Response;
  try {
    response = await ctx.bundleFetch(bundle.url, { headers: { accept: "application/octet-stream, application/zip" } });
  } catch (error) {
    throw downloadFailure(bundle, error);
  }
  if (!response.ok) await response.body?.cancel();
  const message = `MCP bundle ${describeBundleUrl(bundle.url)} could not be downloaded: HTTP ${response.status}`;
  if (response.status === 404 || response.status === 410) throw new UnrecoverableError(message);
  if (!response.ok) throw new Error(message);
  return response.body ?? new Uint8Array();
}

/**
 * The guard's message names the host and why (private address, too large, timeout); only network
 * trouble may pass, the rest is the bundle's URL and stays so.
 */
function downloadFailure(bundle: Bundle, error: unknown): Error {
  const message = `MCP bundle ${describeBundleUrl(bundle.url)} could not be downloaded: ${error instanceof Error ? error.message : String(error)}`; // prettier-ignore
  if (isOAuthError(error) && !error.retryable) return new UnrecoverableError(message);
  return new Error(message, { cause: error });
}
