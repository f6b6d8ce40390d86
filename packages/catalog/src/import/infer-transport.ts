import type { RemoteTransport } from "../schema/server.ts";

/** Remote URLs ending in `/sse` are the legacy HTTP+SSE transport; everything else is Streamable HTTP. */
export function inferTransport(url: string): RemoteTransport {
  return /\/sse\/?$/.test(new URL(url).pathname) ? "sse" : "streamable-http";
}
