import type { RemoteTransport } from "../schema/server.ts";

/**
 * Remote URLs ending in `/sse` are the legacy HTTP+SSE transport; everything else is Streamable HTTP.
 * Only the path decides, so placeholders (`${input:host}` would not parse in a host) are blanked first.
 */
export function inferTransport(url: string): RemoteTransport {
  return /\/sse\/?$/.test(new URL(url.replaceAll(/\$\{[^}]*\}/g, "x")).pathname) ? "sse" : "streamable-http";
}
