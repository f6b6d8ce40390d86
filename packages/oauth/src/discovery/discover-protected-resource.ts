import { OAuthError } from "../errors.ts";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import { protectedResourceMetadataSchema, type ProtectedResourceMetadata } from "./metadata-schemas.ts";
import { JSON_REQUEST, readMetadataDocument } from "./read-metadata-document.ts";
import { buildProtectedResourceMetadataUrls } from "./well-known-urls.ts";

export interface DiscoverProtectedResourceOptions {
  /** `resource_metadata` from the server's 401 `WWW-Authenticate` challenge: tried first. */
  resourceMetadataUrl?: string | undefined;
  fetch: GuardedFetch;
}

/**
 * RFC 9728 discovery for an MCP server URL: the challenge's `resource_metadata` URL, then the
 * path-inserted well-known URL, then the root one. Undefined when none answers (a server of the
 * 2025-03-26 revision, whose authorization server is its own origin).
 */
export async function discoverProtectedResource(
  serverUrl: string,
  options: DiscoverProtectedResourceOptions,
): Promise<ProtectedResourceMetadata | undefined> {
  const candidates = new Set([
    ...(options.resourceMetadataUrl ? [options.resourceMetadataUrl] : []),
    ...buildProtectedResourceMetadataUrls(serverUrl),
  ]);
  for (const url of candidates) {
    const response = await options.fetch(url, JSON_REQUEST);
    if (!response.ok) continue;
    const metadata = await readMetadataDocument(response, protectedResourceMetadataSchema, "resource metadata", url);
    if (!isResourceOfServer(metadata.resource, serverUrl)) {
      throw new OAuthError(
        "resource_mismatch",
        `The resource metadata of ${new URL(serverUrl).host} names a different resource than the server's URL.`,
      );
    }
    return metadata;
  }
  return undefined;
}

/**
 * A server may publish its origin or a parent path as its resource identifier (as the SDKs
 * accept); anything on another origin or a sibling path is a mismatch.
 */
export function isResourceOfServer(resource: string, serverUrl: string): boolean {
  let resourceUrl: URL;
  try {
    resourceUrl = new URL(resource);
  } catch {
    return false;
  }
  const server = new URL(serverUrl);
  if (resourceUrl.origin !== server.origin) return false;
  const resourcePath = resourceUrl.pathname.replace(/\/+$/, "");
  const serverPath = server.pathname.replace(/\/+$/, "");
  return serverPath === resourcePath || serverPath.startsWith(`${resourcePath}/`);
}
