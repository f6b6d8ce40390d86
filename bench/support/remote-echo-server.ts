import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { closeServer, createEchoServer, listen } from "@switchboard/gateway/testing";

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
export async function startRemoteEchoProcess(label: string): Promise<{ url: string; close(): void }> {
  const entry = new URL("remote-echo-process.ts", import.meta.url).pathname;
  const child = spawn(process.execPath, ["--import", "tsx", entry, label], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const ready = /READY (\S+)/.exec(seen);
      if (ready) resolve(ready[1]!);
    });
    child.once("exit", (code) => reject(new Error(`the remote echo process exited with ${code} before listening`)));
  });
  return { url, close: () => void child.kill("SIGTERM") };
}
