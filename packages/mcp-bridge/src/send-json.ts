import type { ServerResponse } from "node:http";

/** Ends the response with `body` as JSON; internal and MCP answers are never cacheable. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  response.end(JSON.stringify(body));
}
