/**
 * A connector's name as the gateway spells it: the prefix of its tools on the aggregate endpoint
 * (`github__search`) and its own endpoint (`/mcp/github`). Lower-case letters, digits and `_`, at
 * most 24 characters (tool names must stay within 64).
 */
export function connectorSlug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .slice(0, 24)
      // Trimmed after the cut: a prefix ending in `_` let another connector's `_tool` spell its names.
      .replace(/^_+|_+$/g, "") || "connector"
  );
}

/**
 * What may follow the gateway's endpoint in a connector's own endpoint, `/mcp/<segment>`: a slug,
 * an id-suffixed prefix or a connector id. The gateway routes by it and web's authorization server
 * accepts such an endpoint as a token's resource (RFC 8707).
 */
export const CONNECTOR_PATH_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
