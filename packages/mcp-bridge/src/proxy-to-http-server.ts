import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

/** Where the runner reaches a local HTTP server (its port published on 127.0.0.1) and the headers it needs. */
export interface HttpTarget {
  url: string;
  /** From the entry's server.http headers; may carry the access token (header delivery). */
  headers: Record<string, string>;
}

// What Streamable HTTP needs to pass both ways; everything else (the runner's internal token above
// all, cookies, hop-by-hop headers) stays on its side of the proxy.
const REQUEST_HEADERS = ["accept", "content-type", "mcp-session-id", "mcp-protocol-version", "last-event-id"];
const RESPONSE_HEADERS = [
  "content-type",
  "cache-control",
  "mcp-session-id",
  "mcp-protocol-version",
  "www-authenticate",
];

/** The HTTP server did not answer (not listening, reset): the caller answers 502. */
export class UpstreamUnavailableError extends Error {}

/**
 * Forwards one MCP request from the bridge endpoint to a local server's HTTP port and streams the
 * answer back (JSON or SSE), adding the server's own headers. Sessions, if the server keeps any,
 * pass through in Mcp-Session-Id. Abandoning the response aborts the upstream request.
 */
export async function proxyToHttpServer(
  request: IncomingMessage,
  response: ServerResponse,
  target: HttpTarget,
  body: Buffer | undefined,
): Promise<void> {
  const headers = new Headers(target.headers);
  for (const name of REQUEST_HEADERS) {
    const value = request.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  const abort = new AbortController();
  response.once("close", () => abort.abort());
  let upstream: Response;
  try {
    upstream = await fetch(target.url, {
      method: request.method ?? "GET",
      headers,
      ...(body && { body: new Uint8Array(body) }),
      redirect: "manual",
      signal: abort.signal,
    });
  } catch (error) {
    throw new UpstreamUnavailableError("The MCP server did not answer", { cause: error });
  }
  const forwarded: Record<string, string> = {};
  for (const name of RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) forwarded[name] = value;
  }
  response.writeHead(upstream.status, forwarded);
  if (!upstream.body) {
    response.end();
    return;
  }
  // A client that goes away mid-stream ends the copy; nothing is left to answer.
  await pipeline(Readable.fromWeb(upstream.body as NodeReadableStream), response).catch(() => undefined);
}
