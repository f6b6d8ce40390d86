const PATTERN = /^(switchboard|ui):\/\/([^/]+)\/(.+)$/;

/**
 * The scheme of an upstream URI's gateway form: MCP Apps' `ui://` views keep theirs, as hosts
 * render only `ui://` resources (SEP-1865); everything else is `switchboard://`.
 */
const schemeOf = (uri: string) => (uri.startsWith("ui://") ? "ui" : "switchboard");

/** `switchboard://<prefix>/<upstream uri>`: routes a resource back to its connector without a table. */
export function toGatewayUri(prefix: string, uri: string): string {
  return `${schemeOf(uri)}://${prefix}/${encodeURIComponent(uri)}`;
}

/**
 * The gateway form of an upstream URI template: its literal text encoded as in `toGatewayUri`, its
 * `{…}` expressions kept, so a client's expansion is the gateway URI of the upstream's expansion.
 * (Exactly so for values of unreserved characters; a value the client percent-encodes reaches the
 * upstream decoded, as the whole upstream URI is decoded once.)
 */
export function toGatewayUriTemplate(prefix: string, template: string): string {
  const parts = template.split(/(\{[^}]*\})/);
  return `${schemeOf(template)}://${prefix}/${parts.map((part, index) => (index % 2 === 1 ? part : encodeURIComponent(part))).join("")}`;
}

/** The connector prefix and upstream URI (or template) of a gateway URI. */
export function parseGatewayUri(uri: string): { prefix: string; uri: string } | undefined {
  const match = PATTERN.exec(uri);
  if (!match) return undefined;
  try {
    const upstream = decodeURIComponent(match[3]!);
    // A `ui://` gateway URI wraps only `ui://` upstream URIs, as toGatewayUri writes them.
    if (match[1] === "ui" && schemeOf(upstream) !== "ui") return undefined;
    return { prefix: match[2]!, uri: upstream };
  } catch {
    return undefined;
  }
}
