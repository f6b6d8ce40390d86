import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { catalogEntrySchema } from "@switchboard/catalog";
import { createEchoServer, echoTool } from "@switchboard/gateway/testing";
import { toCatalogRow } from "@switchboard/web/testing";
import { e2ePrisma } from "./database.ts";

/**
 * Remote MCP servers on 127.0.0.1, one per path (`/<label>`), whose `echo` tool answers
 * `<label>:<message>`: connectors that need no container, so a spec about the gateway's sign-in
 * stays fast. Stateless: each request gets a server of its own.
 */
export async function startRemoteEchoServers(): Promise<{ url: (label: string) => string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const label = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname.slice(1));
    const echo = createEchoServer(label);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on("close", () => void echo.server.close());
    void echo.server
      .connect(transport)
      .then(() => transport.handleRequest(request, response))
      .catch(() => response.headersSent || response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (label) => `${origin}/${encodeURIComponent(label)}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A RUNNING personal connector of a remote server (no auth) for `userId`, with the echo tool listed. */
export async function seedRemoteConnector(userId: string, name: string, url: string) {
  const entry = catalogEntrySchema.parse({
    schemaVersion: 1,
    id: `remote-echo-${randomUUID().slice(0, 8)}`,
    source: "custom",
    name: `Remote echo ${name}`,
    description: "An echo server on 127.0.0.1 for the gateway sign-in spec.",
    tags: ["e2e"],
    server: { type: "remote", url, transport: "streamable-http" },
    auth: { kind: "none" },
  });
  const row = await e2ePrisma.catalogEntry.create({ data: toCatalogRow(entry) });
  return e2ePrisma.connector.create({
    data: {
      catalogEntryId: row.id,
      name,
      scope: "PERSONAL",
      ownerUserId: userId,
      status: "RUNNING",
      tools: [echoTool],
    } as never,
  });
}
