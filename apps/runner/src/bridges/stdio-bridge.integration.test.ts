import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime } from "../runtime/testing/create-test-runtime.ts";
import type { TestRuntime } from "../runtime/testing/create-test-runtime.ts";
import {
  createBridgeHttpHandler,
  type BridgeHttpHandler,
  checkHealth,
  StdioBridge,
  StdioContainerTransport,
} from "@switchboard/mcp-bridge";

const CONNECTOR_ID = `it-bridge-${Date.now().toString(36)}`;
const TOKEN = "bridge-integration-token";
const SESSIONS = 50;

let t: TestRuntime;
let bridge: StdioBridge;
let handler: BridgeHttpHandler;
let endpoint: URL;
let closeServer: () => Promise<void>;

beforeAll(async () => {
  t = await createTestRuntime();
  await t.runtime.ensureStarted(t.createEverythingLaunch(CONNECTOR_ID));
  bridge = new StdioBridge(new StdioContainerTransport(await t.runtime.attachStdio(CONNECTOR_ID)));
  await bridge.start();
  handler = createBridgeHttpHandler({
    internalToken: TOKEN,
    resolveBridge: (connectorId) => (connectorId === CONNECTOR_ID ? bridge : undefined),
  });
  const server = createServer((request, response) => void handler.handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/bridge/${CONNECTOR_ID}/mcp`);
  closeServer = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
});

afterAll(async () => {
  await handler.close();
  await bridge.close();
  await closeServer();
  await t.runtime.remove(CONNECTOR_ID);
});

async function connectSession(): Promise<Client> {
  const client = new Client({ name: "gateway-session", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(endpoint, { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }),
  );
  return client;
}

describe("StdioBridge in front of a containerized stdio server", () => {
  it("serves a health check through an in-process session", async () => {
    const report = await checkHealth(await bridge.openSession());

    expect(report.serverInfo.name).toBe("mcp-servers/everything");
    expect(report.tools.map((tool) => tool.name)).toContain("echo");
  });

  it(`matches every response to its request across ${SESSIONS} concurrent HTTP sessions`, async () => {
    const clients = await Promise.all(Array.from({ length: SESSIONS }, connectSession));

    const results = await Promise.all(
      clients.flatMap((client, session) =>
        [0, 1].map(async (call) => {
          const message = `session-${session}-call-${call}`;
          const result = await client.callTool({ name: "echo", arguments: { message } });
          return { message, content: result.content };
        }),
      ),
    );

    expect(results).toHaveLength(SESSIONS * 2);
    for (const { message, content } of results) expect(content).toEqual([{ type: "text", text: `Echo: ${message}` }]);
    await Promise.all(clients.map((client) => client.close()));
  });
});
