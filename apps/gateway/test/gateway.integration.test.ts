import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  createTestPrisma,
  createTestSecretBox,
  resetDatabase,
  seedCatalogEntry,
  seedTeam,
  seedUser,
} from "@switchboard/db/testing";
import { createOpaqueToken } from "@switchboard/db/tokens";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
// The runner's real stdio bridge and its HTTP endpoint stand between the gateway and the server.
import { createBridgeHttpHandler } from "../../runner/src/mcp/bridge-http-handler.ts";
import { StdioBridge } from "../../runner/src/mcp/stdio-bridge.ts";
import { createGateway } from "../src/create-gateway.ts";

const prisma = createTestPrisma();
const internalToken = "internal-token-for-tests-0123456789";
const bridges = new Map<string, StdioBridge>();
let runner: Server;
let gateway: ReturnType<typeof createGateway>;
let gatewayUrl: string;

function startEchoServer(label: string) {
  const server = new McpServer({ name: `echo-${label}`, version: "1.0.0" });
  server.registerTool(
    "echo",
    { description: "Echoes its message", inputSchema: { message: z.string() } },
    async ({ message }) => ({
      content: [{ type: "text", text: `${label}:${message}` }],
    }),
  );
  return server;
}

async function startBridge(installationId: string, label: string) {
  const [bridgeSide, serverSide] = InMemoryTransport.createLinkedPair();
  await startEchoServer(label).connect(serverSide);
  const bridge = new StdioBridge(bridgeSide);
  await bridge.start();
  bridges.set(installationId, bridge);
}

beforeAll(async () => {
  const handler = createBridgeHttpHandler({ resolveBridge: (id) => bridges.get(id), internalToken });
  runner = createServer((request, response) => void handler.handle(request, response));
  await new Promise<void>((resolve) => runner.listen(0, "127.0.0.1", resolve));
  gateway = createGateway({
    prisma,
    secretBox: createTestSecretBox(),
    logger: pino({ level: "silent" }),
    publicUrl: "http://127.0.0.1/mcp",
    runnerUrl: `http://127.0.0.1:${(runner.address() as AddressInfo).port}`,
    runnerInternalToken: internalToken,
    listChangedPollMs: 200,
  });
  await new Promise<void>((resolve) => gateway.server.listen(0, "127.0.0.1", resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await gateway.close();
  runner.close();
  await Promise.all([...bridges.values()].map((bridge) => bridge.close()));
  await prisma.$disconnect();
});

const echoTool = {
  name: "echo",
  description: "Echoes its message",
  inputSchema: { type: "object", properties: { message: { type: "string" } } },
};

async function seedWorld() {
  const [alice, bob] = [await seedUser(prisma, { name: "alice" }), await seedUser(prisma, { name: "bob" })];
  const entry = await seedCatalogEntry(prisma);
  const team = await seedTeam(prisma, [{ userId: alice.id, role: "MEMBER" }]);
  const install = async (name: string, data: object) => {
    const installation = await prisma.installation.create({
      data: { catalogEntryId: entry.id, name, status: "RUNNING", tools: [echoTool], ...data } as never,
    });
    await startBridge(installation.id, name);
    return installation;
  };
  return {
    alice,
    bob,
    notes: await install("Notes", { scope: "PERSONAL", ownerUserId: alice.id }),
    wiki: await install("Team Wiki", { scope: "TEAM", teamId: team.id }),
    secret: await install("Bob Secret", { scope: "PERSONAL", ownerUserId: bob.id }),
  };
}

async function createToken(userId: string, installationIds: string[] = []) {
  const { token, hash } = createOpaqueToken("sbg");
  const row = await prisma.gatewayToken.create({
    data: {
      userId,
      name: "test",
      prefix: token.slice(0, 12),
      tokenHash: hash,
      restricted: installationIds.length > 0,
      installations: { create: installationIds.map((installationId) => ({ installationId })) },
    },
  });
  return { token, id: row.id };
}

async function connect(token: string) {
  const client = new Client({ name: "test-client", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${gatewayUrl}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

let world: Awaited<ReturnType<typeof seedWorld>>;
beforeEach(async () => {
  await resetDatabase(prisma);
  world = await seedWorld();
});

describe("gateway", () => {
  it("answers unauthenticated requests with 401 and RFC 9728 resource metadata", async () => {
    const response = await fetch(`${gatewayUrl}/mcp`, { method: "POST" });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      'Bearer resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource/mcp"',
    );
    expect(await (await fetch(`${gatewayUrl}/.well-known/oauth-protected-resource/mcp`)).json()).toMatchObject({
      resource: "http://127.0.0.1/mcp",
    });
  });

  it("lists the tools of the user's personal and team installations, namespaced, and nobody else's", async () => {
    const client = await connect((await createToken(world.alice.id)).token);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["notes__echo", "team_wiki__echo"]);
    expect(tools.find((tool) => tool.name === "notes__echo")?.description).toBe("[Notes] Echoes its message");
    await client.close();
  });

  it("routes calls to the right installation and records usage without arguments", async () => {
    const client = await connect((await createToken(world.alice.id)).token);
    const result = await client.callTool({ name: "team_wiki__echo", arguments: { message: "secret-argument" } });
    expect(result.content).toEqual([{ type: "text", text: "Team Wiki:secret-argument" }]);
    await gateway.usage.flush();
    const records = await prisma.usageRecord.findMany();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      userId: world.alice.id,
      installationId: world.wiki.id,
      tool: "echo",
      outcome: "ok",
    });
    expect(JSON.stringify(records)).not.toContain("secret-argument");
    await client.close();
  });

  it("refuses a tool name of another user's installation", async () => {
    const client = await connect((await createToken(world.alice.id)).token);
    await expect(client.callTool({ name: "bob_secret__echo", arguments: { message: "x" } })).rejects.toThrow(
      /Unknown tool/,
    );
    await client.close();
  });

  it("limits a profile token to its installations", async () => {
    const client = await connect((await createToken(world.alice.id, [world.notes.id])).token);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["notes__echo"]);
    await expect(client.callTool({ name: "team_wiki__echo", arguments: { message: "x" } })).rejects.toThrow(
      /Unknown tool/,
    );
    await client.close();
  });

  it("refuses a revoked token immediately, even inside an open session", async () => {
    const { token, id } = await createToken(world.alice.id);
    const client = await connect(token);
    await client.listTools();
    await prisma.gatewayToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await expect(client.listTools()).rejects.toThrow(/401|Unauthorized|invalid_token/i);
  });

  it("does not let another token use a session it did not open", async () => {
    const client = await connect((await createToken(world.alice.id)).token);
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId!;
    const other = await createToken(world.bob.id);
    const response = await fetch(`${gatewayUrl}/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${other.token}`,
        "mcp-session-id": sessionId,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(response.status).toBe(404);
    await client.close();
  });

  it("tells clients when their tool list changes", async () => {
    const client = await connect((await createToken(world.alice.id)).token);
    const changed = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChanged, () => resolve()));
    await prisma.installation.update({ where: { id: world.notes.id }, data: { status: "STOPPED" } });
    await changed;
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["team_wiki__echo"]);
    await client.close();
  });

  it("serves 50 concurrent sessions through one server without crossing responses", async () => {
    const { token } = await createToken(world.alice.id);
    const clients = await Promise.all(Array.from({ length: 50 }, () => connect(token)));
    const results = await Promise.all(
      clients.flatMap((client, c) =>
        [0, 1].map(async (i) => {
          const message = `client-${c}-call-${i}`;
          const result = await client.callTool({ name: "notes__echo", arguments: { message } });
          return { expected: `Notes:${message}`, actual: (result.content as { text: string }[])[0]?.text };
        }),
      ),
    );
    expect(results).toHaveLength(100);
    for (const { expected, actual } of results) expect(actual).toBe(expected);
    await Promise.all(clients.map((client) => client.close()));
  });

  it("refuses oversized and malformed bodies", async () => {
    const { token } = await createToken(world.alice.id);
    const post = (body: string) =>
      fetch(`${gatewayUrl}/mcp`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body,
      });
    expect((await post("{not json")).status).toBe(400);
    expect((await post(JSON.stringify({ junk: "x".repeat(5 * 1024 * 1024) }))).status).toBe(413);
  });
});

const ToolListChanged = z.object({ method: z.literal("notifications/tools/list_changed") });
