const PATTERN = /^switchboard:\/\/([^/]+)\/(.+)$/;

/** `switchboard://<prefix>/<upstream uri>`: routes a resource back to its connector without a table. */
export function toGatewayUri(prefix: string, uri: string): string {
  return `switchboard://${prefix}/${encodeURIComponent(uri)}`;
}

/**
 * The gateway form of an upstream URI template: its literal text encoded as in `toGatewayUri`, its
 * `{…}` expressions kept, so a client's expansion is the gateway URI of the upstream's expansion.
 * (Exactly so for values of unreserved characters; a value the client percent-encodes reaches the
 * upstream decoded, as the whole upstream URI is decoded once.)
 */
export function toGatewayUriTemplate(prefix: string, template: string): string {
  const parts = template.split(/(\{[^}]*\})/);
  return `switchboard://${prefix}/${parts.map((part, index) => (index % 2 === 1 ? part : encodeURIComponent(part))).join("")}`;
}

/** The connector prefix and upstream URI (or template) of a gateway URI. */
export function parseGatewayUri(uri: string): { prefix: string; uri: string } | undefined {
  const match = PATTERN.exec(uri);
  if (!match) return undefined;
  try {
    return { prefix: match[1]!, uri: decodeURIComponent(match[2]!) };
  } catch {
    return undefined;
  }
}
