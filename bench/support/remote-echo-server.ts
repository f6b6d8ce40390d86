import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { closeServer, createEchoServer, listen } from "@switchboard/gateway/testing";
import { startReadyProcess, type ReadyProcess } from "./ready-process.ts";

/**
 * A remote MCP server on Streamable HTTP (the SDK's stateful transport, one echo server per
 * session) at `${url}/mcp`: the upstream every proxy in the peers benchmark stands in front of.
 */
export async function startRemoteEchoServer(label: string) {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const server = createServer((request, response) => {
    const sessionId = request.headers["mcp-session-id"];
    const existing = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    if (existing) return void existing.handleRequest(request, response);
    if (sessionId !== undefined) {
      response.writeHead(404).end();
      return;
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => void sessions.set(id, transport),
    });
    transport.onclose = () => void (transport.sessionId && sessions.delete(transport.sessionId));
    void createEchoServer(label)
      .server.connect(transport)
      .then(() => transport.handleRequest(request, response));
  });
  const url = await listen(server);
  return {
    url,
    sessions,
    async close() {
      await Promise.all([...sessions.values()].map((transport) => transport.close()));
      await closeServer(server);
    },
  };
}

/** The same server in a child process (see remote-echo-process.ts); `close` ends the process. */
export function startRemoteEchoProcess(label: string): Promise<ReadyProcess> {
  return startReadyProcess(new URL("remote-echo-process.ts", import.meta.url), [label]);
}
