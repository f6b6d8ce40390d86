import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type LoggingMessageNotification,
} from "@modelcontextprotocol/sdk/types.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { RESOURCE_MIME_TYPE, RESOURCE_URI_META_KEY } from "@modelcontextprotocol/ext-apps/server";
import {
  createTestPrisma,
  resetDatabase,
  seedCatalogEntry,
  seedTeam,
  seedUser,
  testDatabaseUrl,
} from "@switchboard/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLOCK_VIEW_UI, CLOCK_VIEW_URI } from "../src/testing/app-server.ts";
import { echoTool, startGatewayHarness } from "../src/testing/harness.ts";
import { postInitialize, postStateless } from "../src/testing/probe-gateway.ts";

// One connector's own endpoint (`/mcp/<connector>`), and MCP Apps through both endpoints.
const prisma = createTestPrisma();
let harness: Awaited<ReturnType<typeof startGatewayHarness>>;
let gatewayUrl: string;
const clients: Client[] = [];

let world: Awaited<ReturnType<typeof seedWorld>>;
// One world for the file: the tests only read it, and the one that adds a connector removes it.
beforeAll(async () => {
  harness = await startGatewayHarness(prisma, testDatabaseUrl, { listChangedPollMs: 200 });
  gatewayUrl = harness.gatewayUrl;
  await resetDatabase(prisma);
  world = await seedWorld();
});

afterAll(async () => {
  await harness.close();
  await prisma.$disconnect();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await harness.gateway.usage.flush();
});

async function seedWorld() {
  const [alice, bob] = [await seedUser(prisma, { name: "alice" }), await seedUser(prisma, { name: "bob" })];
  const entry = await seedCatalogEntry(prisma);
  const team = await seedTeam(prisma, [{ userId: alice.id, role: "MEMBER" }]);
  const create = (name: string, data: object, tools: object[] = [echoTool]) =>
    prisma.connector.create({
      data: { catalogEntryId: entry.id, name, status: "RUNNING", tools, ...data } as never,
    });
  const echo = async (name: string, data: object) => {
    const connector = await create(name, data);
    return { ...connector, echo: await harness.startEchoBridge(connector.id, name) };
  };
  const clock = await create("Clock", { scope: "PERSONAL", ownerUserId: alice.id }, []);
  await harness.startAppBridge(clock.id);
  // What the runner records at start: the server's own tools/list.
  const direct = await harness.connectDirect(clock.id);
  const { tools } = await direct.listTools();
  await direct.close();
  await prisma.connector.update({ where: { id: clock.id }, data: { tools: tools as never } });
  return {
    alice,
    bob,
    clock,
    notes: await echo("Notes", { scope: "PERSONAL", ownerUserId: alice.id }),
    wiki: await echo("Team Wiki", { scope: "TEAM", teamId: team.id }),
    secret: await echo("Bob Secret", { scope: "PERSONAL", ownerUserId: bob.id }),
  };
}

const tokenOf = async (userId: string, connectorIds: string[] = []) =>
  (await harness.createToken(userId, connectorIds)).token;

async function connectTo(path: string, token: string) {
  const client = new Client({ name: "test-client", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${gatewayUrl}${path}`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(client);
  return client;
}

describe("a connector's own endpoint, /mcp/<connector>", () => {
  it("serves that connector alone, its tools, prompts and resources named as its server names them (2025 session)", async () => {
    const client = await connectTo("/mcp/team_wiki", await tokenOf(world.alice.id));
    expect((await client.listTools()).tools).toEqual([echoTool]);
    const called = await client.callTool({ name: "echo", arguments: { message: "hi" } });
    expect(called.content).toEqual([{ type: "text", text: "Team Wiki:hi" }]);
    expect((await client.listPrompts()).prompts.map((prompt) => [prompt.name, prompt.description])).toEqual([
      ["greet", "Greets someone"],
    ]);
    const prompt = await client.getPrompt({ name: "greet", arguments: { name: "Ada" } });
    expect(prompt.messages[0]?.content).toEqual({ type: "text", text: "Team Wiki says hello to Ada" });
    expect((await client.listResources()).resources).toEqual([
      { uri: "memo://readme", name: "readme", description: "The readme" },
    ]);
    expect((await client.readResource({ uri: "memo://readme" })).contents).toEqual([
      { uri: "memo://readme", text: "Team Wiki readme" },
    ]);
    expect((await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate)).toEqual([
      "memo://notes/{id}",
    ]);
    expect((await client.readResource({ uri: "memo://notes/7" })).contents).toEqual([
      { uri: "memo://notes/7", text: "Team Wiki note 7" },
    ]);
    const completion = await client.complete({
      ref: { type: "ref/prompt", name: "greet" },
      argument: { name: "name", value: "A" },
    });
    expect(completion.completion.values).toEqual(["ATeam Wiki"]);
    await harness.gateway.usage.flush();
    expect(
      await prisma.usageRecord.findMany({ where: { connectorId: world.wiki.id }, select: { tool: true } }),
    ).toEqual([{ tool: "echo" }]);
  });

  it("answers 2026-07-28 requests too, by slug, by id and with a trailing slash", async () => {
    const token = await tokenOf(world.alice.id);
    for (const path of ["/mcp/notes", `/mcp/${world.notes.id}`, "/mcp/notes/"]) {
      const listed = await postStateless(`${gatewayUrl}${path}`, token, "tools/list", {});
      expect(listed.result?.tools).toEqual([echoTool]);
      const called = await postStateless(`${gatewayUrl}${path}`, token, "tools/call", {
        name: "echo",
        arguments: { message: path },
      });
      expect(called.result?.content).toEqual([{ type: "text", text: `Notes:${path}` }]);
    }
    const read = await postStateless(`${gatewayUrl}/mcp/notes`, token, "resources/read", { uri: "memo://readme" });
    expect(read.result?.contents).toEqual([{ uri: "memo://readme", text: "Notes readme" }]);
    const prompt = await postStateless(`${gatewayUrl}/mcp/notes`, token, "prompts/get", {
      name: "greet",
      arguments: { name: "Ada" },
    });
    expect(prompt.result?.messages).toEqual([{ role: "user", content: { type: "text", text: "Notes says hello to Ada" } }]); // prettier-ignore
    // A name only the aggregate endpoint knows is not a tool here.
    const namespaced = await postStateless(`${gatewayUrl}/mcp/notes`, token, "tools/call", {
      name: "notes__echo",
      arguments: { message: "x" },
    });
    expect(namespaced.error?.message).toMatch(/Unknown tool: notes__echo/);
  });

  it("answers 404 alike for another user's connector, one the token's profile leaves out and one that does not exist", async () => {
    const answerFor = async (path: string, token: string) => {
      const response = await postInitialize(`${gatewayUrl}${path}`, token);
      return { status: response.status, body: (await response.json()) as { error: { message: string } } };
    };
    const alice = await tokenOf(world.alice.id);
    const notesOnly = await tokenOf(world.alice.id, [world.notes.id]);
    const refusals = [
      await answerFor("/mcp/bob_secret", alice),
      await answerFor(`/mcp/${world.secret.id}`, alice),
      await answerFor("/mcp/team_wiki", notesOnly),
      await answerFor("/mcp/no_such_connector", alice),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(404);
      expect(refusal.body.error.message).toMatch(/^No connector "[\w-]+" among those this token can use\.$/);
    }
    // The owner reaches it; a path that is no connector name at all is not found either.
    expect((await postInitialize(`${gatewayUrl}/mcp/bob_secret`, await tokenOf(world.bob.id))).status).toBe(200);
    expect((await postInitialize(`${gatewayUrl}/mcp/notes/extra`, alice)).status).toBe(404);
  });

  it("names two connectors of one name by their id, and says so at the shared name", async () => {
    const entry = await prisma.catalogEntry.findFirstOrThrow();
    const second = await prisma.connector.create({
      data: { catalogEntryId: entry.id, name: "notes", status: "RUNNING", tools: [echoTool], scope: "PERSONAL", ownerUserId: world.alice.id }, // prettier-ignore
    });
    await harness.startEchoBridge(second.id, "second notes");
    try {
      const token = await tokenOf(world.alice.id);
      const shared = await postInitialize(`${gatewayUrl}/mcp/notes`, token);
      expect(shared.status).toBe(404);
      expect(((await shared.json()) as { error: { message: string } }).error.message).toMatch(/More than one connector/); // prettier-ignore
      const byId = await postStateless(`${gatewayUrl}/mcp/${second.id}`, token, "tools/call", {
        name: "echo",
        arguments: { message: "x" },
      });
      expect(byId.result?.content).toEqual([{ type: "text", text: "second notes:x" }]);
    } finally {
      await prisma.connector.delete({ where: { id: second.id } });
      await harness.stopEchoBridge(second.id);
    }
  });

  it("keeps a session to the endpoint that opened it", async () => {
    const token = await tokenOf(world.alice.id);
    const client = await connectTo("/mcp/notes", token);
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId!;
    for (const path of ["/mcp", "/mcp/team_wiki"]) {
      const response = await fetch(`${gatewayUrl}${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "mcp-session-id": sessionId,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      });
      expect(response.status).toBe(404);
      await response.body?.cancel();
    }
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["echo"]);
  });

  it("passes on that connector's log messages and resource updates as its server wrote them, and no other's", async () => {
    const client = await connectTo("/mcp/notes", await tokenOf(world.alice.id));
    const logs: LoggingMessageNotification["params"][] = [];
    const updates: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, ({ params }) => void logs.push(params));
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, ({ params }) => void updates.push(params.uri));
    await client.setLoggingLevel("info");
    await client.subscribeResource({ uri: "memo://readme" });
    expect([...world.notes.echo.subscribed]).toEqual(["memo://readme"]);

    await world.wiki.echo.server.sendLoggingMessage({ level: "error", data: "wiki failed" });
    await world.notes.echo.server.sendLoggingMessage({ level: "error", logger: "db", data: "notes failed" });
    await world.notes.echo.server.server.sendResourceUpdated({ uri: "memo://readme" });
    await expect.poll(() => [logs.length, updates.length]).toEqual([1, 1]);
    expect(logs).toEqual([{ level: "error", logger: "db", data: "notes failed" }]);
    expect(updates).toEqual(["memo://readme"]);
  });

  it("has RFC 9728 metadata of its own, which its 401 challenge names", async () => {
    const response = await fetch(`${gatewayUrl}/mcp/notes`, { method: "POST" });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      'Bearer resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource/mcp/notes"',
    );
    const metadata = await fetch(`${gatewayUrl}/.well-known/oauth-protected-resource/mcp/notes`);
    expect(await metadata.json()).toMatchObject({ resource: "http://127.0.0.1/mcp/notes" });
  });
});

describe("MCP Apps (io.modelcontextprotocol/ui)", () => {
  const GATEWAY_VIEW_URI = "ui://clock/ui%3A%2F%2Fclock%2Fview.html";

  it("through /mcp: a tool's view names the gateway URI that reads it, visibility and the view's csp and permissions kept", async () => {
    const client = await connectTo("/mcp", await tokenOf(world.alice.id));
    const tools = (await client.listTools()).tools.filter((tool) => tool.name.startsWith("clock__"));
    expect(tools.map((tool) => [tool.name, tool._meta])).toEqual([
      ["clock__show_time", { ui: { resourceUri: GATEWAY_VIEW_URI }, [RESOURCE_URI_META_KEY]: GATEWAY_VIEW_URI }],
      ["clock__tick", { ui: { resourceUri: GATEWAY_VIEW_URI, visibility: ["app"] }, [RESOURCE_URI_META_KEY]: GATEWAY_VIEW_URI }], // prettier-ignore
    ]);
    const listed = (await client.listResources()).resources.find((resource) => resource.uri === GATEWAY_VIEW_URI);
    expect(listed).toMatchObject({ mimeType: RESOURCE_MIME_TYPE, _meta: { ui: CLOCK_VIEW_UI } });
    const read = await client.readResource({ uri: (tools[0]!._meta!.ui as { resourceUri: string }).resourceUri });
    expect(read.contents).toEqual([
      {
        uri: GATEWAY_VIEW_URI,
        mimeType: RESOURCE_MIME_TYPE,
        text: expect.stringContaining("<html>"),
        _meta: { ui: CLOCK_VIEW_UI },
      },
    ]);
    // 2026-07-28 clients read it the same way.
    const stateless = await postStateless(`${gatewayUrl}/mcp`, await tokenOf(world.alice.id), "resources/read", {
      uri: GATEWAY_VIEW_URI,
    });
    expect(stateless.result?.contents).toEqual(read.contents);
  });

  it("through /mcp/<connector>: the view and the tools the app calls keep their own names", async () => {
    const client = await connectTo("/mcp/clock", await tokenOf(world.alice.id));
    const { tools } = await client.listTools();
    expect(tools.map((tool) => [tool.name, tool._meta?.ui])).toEqual([
      ["show_time", { resourceUri: CLOCK_VIEW_URI }],
      ["tick", { resourceUri: CLOCK_VIEW_URI, visibility: ["app"] }],
    ]);
    const view = await client.readResource({ uri: CLOCK_VIEW_URI });
    expect(view.contents[0]).toMatchObject({ uri: CLOCK_VIEW_URI, mimeType: RESOURCE_MIME_TYPE, _meta: { ui: CLOCK_VIEW_UI } }); // prettier-ignore
    // What the view's own code calls, by the name its server gave it.
    expect((await client.callTool({ name: "tick", arguments: {} })).content).toEqual([
      { type: "text", text: "tick 1" },
    ]);
  });
});
