import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { z } from "zod";
import { listen } from "./harness.ts";

export interface SeenRequest {
  method: string;
  path: string;
  token: string | undefined;
}

/**
 * A remote MCP server on the legacy HTTP+SSE transport (the 1.x SDK's `SSEServerTransport`):
 * `GET /sse` opens the stream that names `/messages?sessionId=…` as the endpoint for POSTs, and a
 * POST to `/sse` is refused with 405, as legacy servers do. It records every request's bearer token
 * and answers 401 to those in `rejectedTokens`.
 */
export async function startLegacySseServer() {
  const transports = new Map<string, SSEServerTransport>();
  const seen: SeenRequest[] = [];
  const rejectedTokens = new Set<string>();

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://sse.invalid");
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    seen.push({ method: request.method ?? "", path: url.pathname, token });
    if (token && rejectedTokens.has(token)) return void response.writeHead(401).end();
    if (request.method === "GET" && url.pathname === "/sse") {
      const transport = new SSEServerTransport("/messages", response);
      transports.set(transport.sessionId, transport);
      response.on("close", () => transports.delete(transport.sessionId));
      const server = new McpServer({ name: "legacy-sse", version: "1.0.0" });
      server.registerTool("echo", { inputSchema: { message: z.string() } }, async ({ message }) => ({
        content: [{ type: "text", text: `sse:${message}` }],
      }));
      await server.connect(transport);
      return;
    }
    if (request.method === "POST" && url.pathname === "/messages") {
      const transport = transports.get(url.searchParams.get("sessionId") ?? "");
      if (!transport) return void response.writeHead(404).end();
      return transport.handlePostMessage(request, response);
    }
    response.writeHead(405, { allow: "GET" }).end();
  }

  const server = createServer((request, response) => void handle(request, response));
  const url = await listen(server);
  return {
    url,
    seen,
    rejectedTokens,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
