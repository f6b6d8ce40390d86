import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

// A small Streamable HTTP MCP server on the 1.x SDK with sessions, run as a local connector's
// container (see sdk-http-server-image.ts): `echo`, and `session`, which reports the MCP session and
// protocol version its caller's requests carried. PORT and MCP_PATH come from the environment.
const port = Number(process.env.PORT ?? 3001);
const path = process.env.MCP_PATH ?? "/mcp";
const sessions = new Map<string, StreamableHTTPServerTransport>();

function createMcpServer(): McpServer {
  const server = new McpServer({ name: "sdk-http", version: "1.0.0" });
  server.registerTool(
    "echo",
    { description: "Echoes its message", inputSchema: { message: z.string() } },
    async ({ message }) => ({ content: [{ type: "text", text: `sdk-http:${message}` }] }),
  );
  server.registerTool("session", { description: "Reports the MCP session it was called in" }, async (extra) => ({
    content: [
      {
        type: "text",
        text: JSON.stringify({
          sessionId: extra.sessionId ?? null,
          protocolVersion: extra.requestInfo?.headers["mcp-protocol-version"] ?? null,
        }),
      },
    ],
  }));
  return server;
}

/** A transport for a request that names no session (an initialize); a stale session id gets none. */
async function openSession(
  sessionId: string | string[] | undefined,
): Promise<StreamableHTTPServerTransport | undefined> {
  if (sessionId !== undefined) return undefined;
  const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => {
      sessions.set(id, transport);
    },
  });
  transport.onclose = () => {
    if (transport.sessionId) sessions.delete(transport.sessionId);
  };
  await createMcpServer().connect(transport);
  return transport;
}

const http = createServer((request, response) => {
  void (async () => {
    if (new URL(request.url ?? "/", "http://localhost").pathname !== path) {
      response.writeHead(404).end();
      return;
    }
    const sessionId = request.headers["mcp-session-id"];
    const transport = typeof sessionId === "string" ? sessions.get(sessionId) : await openSession(sessionId);
    if (!transport) {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message: "Session not found" }, id: null }));
      return;
    }
    await transport.handleRequest(request, response);
  })().catch((error: unknown) => {
    console.error(error);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
});

http.listen(port, "0.0.0.0", () => console.error(`sdk-http MCP server on :${port}${path}`));
process.on("SIGTERM", () => {
  http.close();
  process.exit(0);
});
