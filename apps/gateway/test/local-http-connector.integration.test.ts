import { randomUUID } from "node:crypto";
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createTestPrisma, createTestSecretBox, resetDatabase, testDatabaseUrl } from "@switchboard/db/testing";
import {
  createTestRunner,
  enqueueConnectorJob,
  seedEverythingFixture,
  type TestRunner,
} from "@switchboard/runner/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createGatewayToken, startGatewayOverBridge } from "../src/testing/gateway-over-bridge.ts";
import {
  buildSdkHttpServerImage,
  SDK_HTTP_SERVER_PATH,
  SDK_HTTP_SERVER_PORT,
} from "../src/testing/sdk-http-server-image.ts";

// Issue 14: a local connector that speaks HTTP (our own image of a small SDK server), started by the
// real runner in a container and reached through the runner's bridge endpoint, serves both client
// generations of the gateway.
const prisma = createTestPrisma();
const secretBox = createTestSecretBox();
let image: string;
let runner: TestRunner;
let stack: Awaited<ReturnType<typeof startGatewayOverBridge>>;
let created: string[] = [];

beforeAll(async () => {
  await resetDatabase(prisma);
  runner = await createTestRunner(prisma, secretBox, { runnerId: "gateway-http-connector-runner" });
  image = await buildSdkHttpServerImage(runner.t.docker, runner.t.images.node);
  stack = await startGatewayOverBridge(
    prisma,
    testDatabaseUrl,
    (connectorId) => runner.ctx.bridges.get(connectorId),
    { secretBox },
    (connectorId) => runner.ctx.bridges.getHttpTarget(connectorId),
  );
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await runner?.shutDown();
  for (const id of created) await runner.t.runtime.remove(id);
  await prisma.$disconnect();
});

async function waitForStatus(id: string, status: string) {
  const deadline = Date.now() + 60_000;
  while ((await prisma.connector.findUniqueOrThrow({ where: { id } })).status !== status) {
    if (Date.now() > deadline) throw new Error(`connector never reached ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

it("a container that serves Streamable HTTP is listed and called by a 2025 session client and a 2026-07-28 client", async () => {
  const fixture = await seedEverythingFixture(prisma, secretBox, {
    image,
    apiKey: `sk-${randomUUID()}`,
    server: {
      image,
      env: { PORT: String(SDK_HTTP_SERVER_PORT), MCP_PATH: SDK_HTTP_SERVER_PATH },
      http: { port: SDK_HTTP_SERVER_PORT, path: SDK_HTTP_SERVER_PATH },
    },
  });
  created = fixture.created;
  const id = await fixture.createConnector();
  await enqueueConnectorJob(runner, "installation.start", id);
  await waitForStatus(id, "RUNNING");
  const { token } = await createGatewayToken(prisma, fixture.userId, "http-connector");
  const url = new URL(`${stack.gatewayUrl}/mcp`);
  const requestInit = { headers: { authorization: `Bearer ${token}` } };

  const session = new Client({ name: "session", version: "1.0.0" });
  await session.connect(new StreamableHTTPClientTransport(url, { requestInit }));
  const modern = new ModernClient({ name: "modern", version: "1.0.0" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } }); // prettier-ignore
  await modern.connect(new ModernTransport(url, { requestInit }));
  try {
    const upstreamSessions: unknown[] = [];
    for (const client of [session, modern] as const) {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(["everything__echo", "everything__session"]);
      const result = await client.callTool({ name: "everything__echo", arguments: { message: "over http" } });
      expect(result.content).toEqual([{ type: "text", text: "sdk-http:over http" }]);
      const seen = await client.callTool({ name: "everything__session", arguments: {} });
      const [content] = seen.content as { type: string; text: string }[];
      upstreamSessions.push(JSON.parse(content?.text ?? "null"));
    }
    // The server saw a session of the 2025 revisions, opened by the gateway's side of the bridge.
    for (const seen of upstreamSessions)
      expect(seen).toEqual({ sessionId: expect.any(String), protocolVersion: expect.stringMatching(/^2025-/) });
  } finally {
    await session.close();
    await modern.close();
  }
}, 90_000);
