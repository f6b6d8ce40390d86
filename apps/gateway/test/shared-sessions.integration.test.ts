import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type LoggingMessageNotification,
} from "@modelcontextprotocol/sdk/types.js";
import {
  createTestPrisma,
  resetDatabase,
  seedCatalogEntry,
  seedUser,
  testDatabaseUrl,
  testRedisUrl,
} from "@switchboard/db/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_SUBSCRIPTIONS_PER_SESSION } from "../src/sessions/resource-subscriptions.ts";
import { MAX_NOTIFICATIONS_PER_SECOND } from "../src/upstreams/upstream-pool.ts";
import { echoTool, startGatewayHarness } from "../src/testing/harness.ts";
import { postInSession } from "../src/testing/probe-gateway.ts";

// Issue 14, scale-out: two gateway instances sharing sessions through Redis. The client's event
// stream (GET) stays on instance A, where it opened the session; every POST goes to instance B, as
// a round-robin proxy may send it. What the client sets through B must reach A, which holds the
// stream. Each instance has its own upstream connection (its own echo server here), as in
// production.
const prisma = createTestPrisma();
const redis = new Redis(testRedisUrl);
const instanceRedis = [new Redis(testRedisUrl), new Redis(testRedisUrl)] as const;
let a: Awaited<ReturnType<typeof startGatewayHarness>>;
let b: Awaited<ReturnType<typeof startGatewayHarness>>;

beforeAll(async () => {
  a = await startGatewayHarness(prisma, testDatabaseUrl, { redis: instanceRedis[0] });
  b = await startGatewayHarness(prisma, testDatabaseUrl, { redis: instanceRedis[1] });
});

afterAll(async () => {
  await a.close();
  await b.close();
  await Promise.all([redis, ...instanceRedis].map((connection) => connection.quit()));
  await prisma.$disconnect();
});

beforeEach(async () => {
  await resetDatabase(prisma);
  await redis.flushdb();
});

async function seedNotes() {
  const user = await seedUser(prisma);
  const entry = await seedCatalogEntry(prisma);
  const connector = await prisma.connector.create({
    data: { catalogEntryId: entry.id, name: "Notes", status: "RUNNING", tools: [echoTool], scope: "PERSONAL", ownerUserId: user.id }, // prettier-ignore
  });
  const echoes = { a: await a.startEchoBridge(connector.id, "a"), b: await b.startEchoBridge(connector.id, "b") };
  return { connector, echoes, token: (await a.createToken(user.id)).token };
}

const TOOLS_LIST = { jsonrpc: "2.0", id: 1, method: "tools/list" };

/** A client whose initialize and event stream go to instance A and every other request to B. */
async function connectSplit(token: string) {
  let initialized = false;
  const client = new Client({ name: "split", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${a.gatewayUrl}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
    fetch: (url, init) => {
      const toA = !initialized || init?.method === "GET";
      initialized = true;
      return fetch(toA ? url : new URL(new URL(url).pathname, b.gatewayUrl), init);
    },
  });
  await client.connect(transport);
  return { client, transport };
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("sessions shared by two gateway instances", () => {
  it("serves a session opened on A through B, and the level and subscriptions set through B reach A's event stream", async () => {
    const { echoes, token } = await seedNotes();
    const { client } = await connectSplit(token);
    const logs: LoggingMessageNotification["params"][] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void logs.push(notification.params)); // prettier-ignore
    const updates: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => void updates.push(notification.params.uri)); // prettier-ignore

    // B answers from its own upstream: the session was taken over there.
    const result = await client.callTool({ name: "notes__echo", arguments: { message: "hi" } });
    expect(result.content).toEqual([{ type: "text", text: "b:hi" }]);

    const readme = "switchboard://notes/memo%3A%2F%2Freadme";
    await client.setLoggingLevel("error");
    await client.subscribeResource({ uri: readme });
    expect([...echoes.b.subscribed]).toEqual(["memo://readme"]);
    // A follows: it subscribes its own upstream connection for the session…
    await waitFor(() => echoes.a.subscribed.has("memo://readme"));
    // … and passes on what it hears there at the level set through B.
    await echoes.a.server.sendLoggingMessage({ level: "info", data: "too quiet" });
    await echoes.a.server.sendLoggingMessage({ level: "error", data: "notes failed" });
    await echoes.a.server.server.sendResourceUpdated({ uri: "memo://readme" });
    await waitFor(() => logs.length === 1 && updates.length === 1);
    expect(logs).toEqual([{ level: "error", logger: "notes", data: "notes failed" }]);
    expect(updates).toEqual([readme]);

    await client.unsubscribeResource({ uri: readme });
    await waitFor(() => echoes.a.subscribed.size === 0);
    expect([...echoes.b.subscribed]).toEqual([]);
    await client.close();
  });

  it("ends a session on every instance when the client deletes it through one", async () => {
    const { token } = await seedNotes();
    const { client, transport } = await connectSplit(token);
    const sessionId = transport.sessionId!;
    await client.listTools();
    await transport.terminateSession();

    const response = await postInSession(a.gatewayUrl, token, sessionId, TOOLS_LIST);
    expect(response.status).toBe(404);
    expect(await redis.exists(`gateway:mcp-session:${sessionId}`)).toBe(0);
    await client.close();
  });

  it("with Redis away: opens sessions on the instance itself, and answers 503 (not 404) for a session it does not hold", async () => {
    const { token } = await seedNotes();
    // Nothing listens on port 1; commands fail at once instead of queueing for a reconnect.
    const away = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true }); // prettier-ignore
    away.on("error", () => undefined);
    const c = await startGatewayHarness(prisma, testDatabaseUrl, { redis: away });
    try {
      await c.startEchoBridge((await prisma.connector.findFirstOrThrow()).id, "c");
      const client = await c.connect(token);
      expect(await client.callTool({ name: "notes__echo", arguments: { message: "local" } })).toMatchObject({
        content: [{ type: "text", text: "c:local" }],
      });
      const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId!;
      const elsewhere = await postInSession(b.gatewayUrl, token, sessionId, TOOLS_LIST);
      // B's Redis is up and never heard of the session: not found.
      expect(elsewhere.status).toBe(404);
      const unknown = await postInSession(c.gatewayUrl, token, "b0d3c2a1-0000-4000-8000-000000000000", TOOLS_LIST);
      expect(unknown.status).toBe(503);
      expect(unknown.headers.get("retry-after")).toBe("5");
      await client.close();
    } finally {
      await c.close();
      away.disconnect();
    }
  });

  it("keeps a session opened on a connector's own endpoint to that endpoint on the instance that adopts it", async () => {
    const { token } = await seedNotes();
    const client = new Client({ name: "own-endpoint", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(new URL(`${a.gatewayUrl}/mcp/notes`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    await client.connect(transport);
    const post = (path: string) =>
      fetch(`${b.gatewayUrl}${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "mcp-session-id": transport.sessionId!,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: JSON.stringify(TOOLS_LIST),
      });
    // B adopts it only where it was opened: the aggregate endpoint does not know it, first or after.
    expect((await post("/mcp")).status).toBe(404);
    const own = await post("/mcp/notes");
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('"name":"echo"');
    expect((await post("/mcp")).status).toBe(404);
    await client.close();
  });

  it("does not let another token take over a session on another instance", async () => {
    const { token } = await seedNotes();
    const other = (await a.createToken((await seedUser(prisma)).id)).token;
    const client = await a.connect(token);
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId!;

    const response = await postInSession(b.gatewayUrl, other, sessionId, TOOLS_LIST);
    expect(response.status).toBe(404);
    // The rightful token still reaches it through B.
    const rightful = await postInSession(
      b.gatewayUrl,
      token,
      sessionId,
      { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "notes__echo", arguments: { message: "mine" } } },
      { "mcp-protocol-version": "2025-11-25" },
    );
    expect(await rightful.json()).toMatchObject({ id: 2, result: { content: [{ type: "text", text: "b:mine" }] } });
    await client.close();
  });

  it("ignores what it cannot read in Redis: a malformed event on the channel, a malformed stored session", async () => {
    const { token } = await seedNotes();
    // Anyone holding the Redis credentials could publish these; before, one crashed every instance.
    // Channels are global to the Redis server: the instances listen on their database's own.
    const channel = `gateway:mcp-sessions:${redis.options.db ?? 0}`;
    expect(await redis.publish(channel, "not json")).toBe(2);
    await redis.publish(channel, JSON.stringify({ kind: "changed", id: 7, from: "elsewhere" }));
    await redis.hset("gateway:mcp-session:forged", { tokenId: "t", opening: "{broken" });
    const response = await postInSession(b.gatewayUrl, token, "forged", TOOLS_LIST);
    expect(response.status).toBe(404);
    const { client } = await connectSplit(token);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["notes__echo"]);
    await client.close();
  });

  it("finding (low): a session's resource subscriptions are capped, on the instance it posts to and the one following it", async () => {
    const { echoes, token } = await seedNotes();
    const { client } = await connectSplit(token);
    const uri = (index: number | string) => `switchboard://notes/memo%3A%2F%2F${index}`;
    const indexes = Array.from({ length: MAX_SUBSCRIPTIONS_PER_SESSION }, (_, index) => index);
    await Promise.all(indexes.map((index) => client.subscribeResource({ uri: uri(index) })));

    // Each subscription is kept in memory (and Redis) for the session's life, and made upstream.
    await expect(client.subscribeResource({ uri: uri("one-more") })).rejects.toThrow(
      `at most ${MAX_SUBSCRIPTIONS_PER_SESSION} resources`,
    );
    expect(echoes.b.subscribed.size).toBe(MAX_SUBSCRIPTIONS_PER_SESSION);
    await waitFor(() => echoes.a.subscribed.size === MAX_SUBSCRIPTIONS_PER_SESSION);
    await client.subscribeResource({ uri: uri(0) });
    await client.close();
  });

  it("finding (medium): a connector's notifications past the per-second limit are dropped, not delivered to every session", async () => {
    const { echoes, token } = await seedNotes();
    const client = new Client({ name: "listener", version: "1.0.0" });
    let received = 0;
    client.setNotificationHandler(LoggingMessageNotificationSchema, () => void (received += 1));
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${a.gatewayUrl}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    await client.setLoggingLevel("debug");

    // Each one is offered to every session of the instance: a server sending without pause held the gateway.
    await Promise.all(
      Array.from({ length: 2_000 }, () => echoes.a.server.sendLoggingMessage({ level: "info", data: "noise" })),
    );
    await waitFor(() => received >= MAX_NOTIFICATIONS_PER_SECOND);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A window of one second: a loaded host may take more than one to pass on the first hundred.
    expect(received).toBeLessThan(5 * MAX_NOTIFICATIONS_PER_SECOND);
    await client.close();
  });
});
