import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createMcpHandler, McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { listen } from "./harness.ts";

/**
 * A remote MCP server built on the v2 SDK (`@modelcontextprotocol/server`): stateless 2026-07-28
 * serving through `createMcpHandler`, with the SDK's stateless fallback for 2025-era clients
 * (initialize answered per request, no session id; GET and DELETE answered 405).
 */
export async function startV2StatelessServer() {
  const seenVersions: (string | undefined)[] = [];
  const handler = createMcpHandler(() => {
    const server = new McpServer({ name: "v2-stateless", version: "1.0.0" });
    server.registerTool(
      "echo",
      { description: "Echoes its message", inputSchema: z.object({ message: z.string() }) },
      async ({ message }) => ({ content: [{ type: "text", text: `v2:${message}` }] }),
    );
    return server;
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    seenVersions.push(request.headers["mcp-protocol-version"] as string | undefined);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers))
      if (typeof value === "string") headers.set(name, value);
    const reply = await handler.fetch(
      new Request(new URL(request.url ?? "/", "http://127.0.0.1"), {
        method: request.method ?? "GET",
        headers,
        ...(body.length ? { body } : {}),
      }),
    );
    response.writeHead(reply.status, Object.fromEntries(reply.headers));
    if (reply.body) Readable.fromWeb(reply.body as NodeReadableStream).pipe(response);
    else response.end();
  }

  const server = createServer((request, response) => void handle(request, response));
  const url = await listen(server);
  return {
    url,
    seenVersions,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await handler.close();
    },
  };
}
