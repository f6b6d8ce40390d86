import { isOAuthError, type OAuthError } from "../errors.ts";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import { discoverAuthorizationServer } from "./discover-authorization-server.ts";
import { discoverProtectedResource } from "./discover-protected-resource.ts";
import type { AuthorizationServerMetadata, ProtectedResourceMetadata } from "./metadata-schemas.ts";
import type { BearerChallenge } from "./parse-www-authenticate.ts";
import { toCanonicalResourceUri } from "./well-known-urls.ts";

export interface DiscoverMcpAuthorizationOptions {
  /** The server's 401 challenge, if one was seen (see `probeAuthChallenge`). */
  challenge?: BearerChallenge | undefined;
  /** Issuers to try first among the resource's authorization servers, e.g. ones with a stored client. */
  preferredIssuers?: readonly string[] | undefined;
  fetch: GuardedFetch;
}

export interface McpAuthorizationDiscovery {
  /** The RFC 8707 `resource` to send: the metadata's identifier verbatim, else the canonical server URI. */
  resource: string;
  protectedResource: ProtectedResourceMetadata | undefined;
  /** Every authorization server the resource names, in its order. */
  authorizationServers: string[];
  /** The chosen authorization server: the first (preferred first) whose metadata is usable. */
  authorizationServer: AuthorizationServerMetadata;
}

/**
 * The whole MCP discovery for a server URL: protected resource metadata, then the metadata of
 * its authorization servers until one is usable (valid, issuer matching, PKCE S256). Without
 * resource metadata the server's origin is its authorization server (2025-03-26 revision).
 */
export async function discoverMcpAuthorization(
  serverUrl: string,
  options: DiscoverMcpAuthorizationOptions,
): Promise<McpAuthorizationDiscovery> {
  const protectedResource = await discoverProtectedResource(serverUrl, {
    resourceMetadataUrl: options.challenge?.resourceMetadata,
    fetch: options.fetch,
  });
  const authorizationServers = protectedResource?.authorization_servers ?? [new URL(serverUrl).origin];
  const preferred = options.preferredIssuers ?? [];
  const ordered = [
    ...authorizationServers.filter((issuer) => preferred.includes(issuer)),
    ...authorizationServers.filter((issuer) => !preferred.includes(issuer)),
  ];

  const failures: OAuthError[] = [];
  for (const issuer of ordered) {
    try {
      const authorizationServer = await discoverAuthorizationServer(issuer, { fetch: options.fetch });
      return {
        resource: protectedResource?.resource ?? toCanonicalResourceUri(serverUrl),
        protectedResource,
        authorizationServers,
        authorizationServer,
      };
    } catch (error) {
      if (!isOAuthError(error)) throw error;
      failures.push(error);
    }
  }
  throw failures[0] as OAuthError;
}
