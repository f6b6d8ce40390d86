/**
 * What web's authorization server and the gateway must agree on byte for byte: the issuer a token
 * names (`iss`), the gateway's resource (`aud`, RFC 8707 / RFC 9728 `resource`) and its scope.
 * Both sides read their URLs from settings an operator writes by hand (`https://sb.example.com/` or
 * `https://sb.example.com`), so both pass them through these functions instead of comparing raw.
 */

/** The one scope a gateway access token carries. */
export const GATEWAY_SCOPE = "mcp";

/** The issuer as the provider names it in tokens and metadata: the URL without a trailing slash. */
export function normalizeIssuer(url: string): string {
  return new URL(url).href.replace(/\/$/, "");
}

/**
 * The gateway's resource as its RFC 9728 metadata advertises it and clients send it back: the URL's
 * WHATWG serialization (a bare origin gains its `/`).
 */
export function normalizeResource(url: string): string {
  return new URL(url).href;
}
