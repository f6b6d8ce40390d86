import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createBridgeHttpHandler } from "./bridge-http-handler.ts";
import type { BridgeHttpHandler } from "./bridge-http-handler.ts";
import { StdioBridge } from "./stdio-bridge.ts";

const TOKEN = "internal-token-for-tests";
const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

let bridge: StdioBridge;
let handler: BridgeHttpHandler;
let baseUrl: string;
let closeServer: () => Promise<void>;

beforeAll(async () => {
  const server = new McpServer({ name: "fake-stdio-server", version: "1.0.0" });
  server.registerTool("echo", { inputSchema: { message: z.string() } }, async ({ message }) => ({
    content: [{ type: "text", text: `Echo: ${message}` }],
  }));
  const [bridgeSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  bridge = new StdioBridge(bridgeSide);
  await bridge.start();
  handler = createBridgeHttpHandler({
    internalToken: TOKEN,
    resolveBridge: (connectorId) => (connectorId === "inst1" ? bridge : undefined),
  });
  const http = createServer((request, response) => void handler.handle(request, response));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  closeServer = () =>
    new Promise((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
});

afterAll(async () => {
  await handler.close();
  await bridge.close();
  await closeServer();
});

async function connectClient(
  connectorId: string,
  token = TOKEN,
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/bridge/${connectorId}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: "gateway", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
}

function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(body),
  });
}

describe("createBridgeHttpHandler", () => {
  it("serves MCP sessions over Streamable HTTP and closes them on DELETE", async () => {
    const [first, second] = await Promise.all([connectClient("inst1"), connectClient("inst1")]);
    const [one, two] = await Promise.all([
      first.client.callTool({ name: "echo", arguments: { message: "one" } }),
      second.client.callTool({ name: "echo", arguments: { message: "two" } }),
    ]);

    expect(one.content).toEqual([{ type: "text", text: "Echo: one" }]);
    expect(two.content).toEqual([{ type: "text", text: "Echo: two" }]);
    expect(bridge.sessionCount).toBe(2);
    for (const { client, transport } of [first, second]) {
      await transport.terminateSession();
      await client.close();
    }
    await expect.poll(() => bridge.sessionCount).toBe(0);
  });

  it("rejects a missing or wrong bearer token before anything else", async () => {
    const missing = await postJson("/bridge/inst1/mcp", INITIALIZE);
    const wrong = await postJson("/bridge/inst1/mcp", INITIALIZE, { Authorization: "Bearer nope" });
    const wrongForUnknown = await postJson("/bridge/unknown/mcp", INITIALIZE, { Authorization: "Bearer nope" });

    expect([missing.status, wrong.status, wrongForUnknown.status]).toEqual([401, 401, 401]);
    expect(missing.headers.get("www-authenticate")).toBe("Bearer");
    await expect(connectClient("inst1", "nope")).rejects.toThrow();
  });

  it("answers 404 for unknown paths, connectors without a bridge and foreign session ids", async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const { client, transport } = await connectClient("inst1");
    const sessionId = transport.sessionId ?? "";

    const unknownPath = await postJson("/bridge/inst1/other", INITIALIZE, auth);
    const noBridge = await postJson("/bridge/inst2/mcp", INITIALIZE, auth);
    const foreignSession = await postJson(
      "/bridge/inst2/mcp",
      { jsonrpc: "2.0", id: 2, method: "tools/list" },
      {
        ...auth,
        "Mcp-Session-Id": sessionId,
      },
    );

    expect([unknownPath.status, noBridge.status, foreignSession.status]).toEqual([404, 404, 404]);
    await client.close();
  });

  it("requires an initialize request to open a session", async () => {
    const response = await postJson(
      "/bridge/inst1/mcp",
      { jsonrpc: "2.0", id: 1, method: "tools/list" },
      { Authorization: `Bearer ${TOKEN}` },
    );

    expect(response.status).toBe(400);
  });
});
