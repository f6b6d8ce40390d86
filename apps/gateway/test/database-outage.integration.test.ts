import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createPrismaClient } from "@switchboard/db";
import { createTestPrisma, resetDatabase, seedCatalogEntry, seedUser, testDatabaseUrl } from "@switchboard/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echoTool, startGatewayHarness } from "../src/testing/harness.ts";
import { startTcpProxy, throughProxy } from "../src/testing/tcp-proxy.ts";

const prisma = createTestPrisma();
const target = new URL(testDatabaseUrl);
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let gatewayPrisma: ReturnType<typeof createPrismaClient>;
let harness: Awaited<ReturnType<typeof startGatewayHarness>>;
let token: string;
let client: Client;

beforeAll(async () => {
  proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  // Everything the gateway reads goes through the proxy; the test's own client does not.
  const proxiedUrl = throughProxy(testDatabaseUrl, proxy.port);
  gatewayPrisma = createPrismaClient(proxiedUrl);
  harness = await startGatewayHarness(gatewayPrisma, proxiedUrl);
  await resetDatabase(prisma);
  const user = await seedUser(prisma, { name: "alice" });
  const connector = await prisma.connector.create({
    data: {
      catalogEntryId: (await seedCatalogEntry(prisma)).id,
      name: "Notes",
      status: "RUNNING",
      tools: [echoTool],
      scope: "PERSONAL",
      ownerUserId: user.id,
    },
  });
  await harness.startEchoBridge(connector.id, "notes");
  token = (await harness.createToken(user.id)).token;
  client = await harness.connect(token);
});

afterAll(async () => {
  await harness.endSessions();
  await harness.close();
  await gatewayPrisma.$disconnect();
  await proxy.close();
  await prisma.$disconnect();
});

function postToolCall() {
  return fetch(`${harness.gatewayUrl}/mcp`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-session-id": (client.transport as StreamableHTTPClientTransport).sessionId!,
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 7,
      method: "tools/call",
      params: { name: "notes__echo", arguments: { message: "hi" } },
    }),
  });
}

describe("while the database is down", () => {
  it("the gateway answers 503 with Retry-After (not 500 internal_error), and serves again once it is back", async () => {
    expect((await postToolCall()).status).toBe(200);
    await proxy.cut();
    try {
      const during = await postToolCall();
      expect(during.status).toBe(503);
      expect(Number(during.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await during.json()).toMatchObject({ error: "temporarily_unavailable" });
    } finally {
      await proxy.restore();
    }
    await expect.poll(async () => (await postToolCall()).status, { timeout: 5_000 }).toBe(200);
  });
});
