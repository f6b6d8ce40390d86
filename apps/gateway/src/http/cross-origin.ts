import type { IncomingMessage, ServerResponse } from "node:http";
import cors from "cors";

/** What a browser page may send and read on the MCP endpoint (Streamable HTTP, both generations, sign-in). */
const MCP_REQUEST_HEADERS = [
  "authorization",
  "content-type",
  "accept",
  "last-event-id",
  "mcp-protocol-version",
  "mcp-session-id",
  "mcp-method",
  "mcp-name",
  "x-request-id",
];
const MCP_RESPONSE_HEADERS = [
  "mcp-session-id",
  "mcp-protocol-version",
  "www-authenticate",
  "retry-after",
  "x-request-id",
];

type CorsMiddleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/** Applies a `cors` middleware and says whether it already answered (a preflight). */
function apply(middleware: CorsMiddleware, request: IncomingMessage, response: ServerResponse): boolean {
  let passedOn = false;
  middleware(request, response, () => {
    passedOn = true;
  });
  return !passedOn;
}

/**
 * CORS for the gateway's two browser-facing surfaces (the `cors` package): the MCP endpoint, for
 * pages on the allowed origins only — the origin check itself (DNS-rebinding protection) stays the
 * server's, before this — and the RFC 9728 resource metadata, a public document any page may read.
 * Each returns true when it answered the request itself (a preflight, 204).
 */
export function createCrossOrigin(allowedOrigins: readonly string[]) {
  const endpoint = cors({
    origin: [...allowedOrigins],
    methods: ["GET", "POST", "DELETE"],
    allowedHeaders: MCP_REQUEST_HEADERS,
    exposedHeaders: MCP_RESPONSE_HEADERS,
    maxAge: 600,
  }) as CorsMiddleware;
  const metadata = cors({
    origin: "*",
    methods: ["GET"],
    allowedHeaders: ["mcp-protocol-version"],
    maxAge: 86_400,
  }) as CorsMiddleware;
  return {
    endpoint: (request: IncomingMessage, response: ServerResponse) => apply(endpoint, request, response),
    metadata: (request: IncomingMessage, response: ServerResponse) => apply(metadata, request, response),
  };
}
