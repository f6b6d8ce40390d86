const PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";
const AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";
const OPENID_CONFIGURATION = "/.well-known/openid-configuration";

/** The URL path without its terminating slash: "" for the root. */
function trimmedPath(url: URL): string {
  return url.pathname.replace(/\/+$/, "");
}

/**
 * RFC 9728 well-known locations of a resource's metadata, in the order MCP clients try them:
 * path-inserted (`/.well-known/oauth-protected-resource/mcp`), then the root.
 */
export function buildProtectedResourceMetadataUrls(resource: string | URL): string[] {
  const url = new URL(resource);
  const path = trimmedPath(url);
  const atRoot = `${url.origin}${PROTECTED_RESOURCE}`;
  return path === "" ? [atRoot] : [`${url.origin}${PROTECTED_RESOURCE}${path}${url.search}`, atRoot];
}

/**
 * Metadata locations of an authorization server in MCP's order. With a path (`/tenant1`):
 * RFC 8414 path-inserted, OpenID Connect path-inserted, OpenID Connect path-appended. Without:
 * RFC 8414, then OpenID Connect.
 */
export function buildAuthorizationServerMetadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = trimmedPath(url);
  if (path === "") return [`${url.origin}${AUTHORIZATION_SERVER}`, `${url.origin}${OPENID_CONFIGURATION}`];
  return [
    `${url.origin}${AUTHORIZATION_SERVER}${path}`,
    `${url.origin}${OPENID_CONFIGURATION}${path}`,
    `${url.origin}${path}${OPENID_CONFIGURATION}`,
  ];
}

/**
 * The issuer a metadata URL was built from, undoing path insertion or appending: how a catalog
 * entry's `well_known_url` (e.g. Google's openid-configuration URL) names its issuer.
 */
export function deriveIssuerFromMetadataUrl(metadataUrl: string): string | undefined {
  const url = new URL(metadataUrl);
  for (const suffix of [AUTHORIZATION_SERVER, OPENID_CONFIGURATION]) {
    if (url.pathname.startsWith(suffix)) return `${url.origin}${url.pathname.slice(suffix.length)}`;
    if (url.pathname.endsWith(suffix)) return `${url.origin}${url.pathname.slice(0, -suffix.length)}`;
  }
  return undefined;
}

/**
 * The canonical URI of an MCP server (RFC 8707 `resource`): lower-case scheme and host, no
 * fragment, no terminating slash, as the MCP authorization specification asks.
 */
export function toCanonicalResourceUri(serverUrl: string | URL): string {
  const url = new URL(serverUrl);
  return `${url.origin}${trimmedPath(url)}${url.search}`;
}
