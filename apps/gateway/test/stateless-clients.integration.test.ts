import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createTestPrisma, resetDatabase, seedCatalogEntry, seedUser, testDatabaseUrl } from "@switchboard/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { echoTool, slowTool, startGatewayHarness } from "../src/testing/harness.ts";

// Issue 14: the gateway serves MCP 2026-07-28 (stateless) clients next to the 2025 session revisions.
const prisma = createTestPrisma();
let harness: Awaited<ReturnType<typeof startGatewayHarness>>;

beforeAll(async () => {
  harness = await startGatewayHarness(prisma, testDatabaseUrl);
});

afterAll(async () => {
  await harness.close();
  await prisma.$disconnect();
});

beforeEach(() => resetDatabase(prisma));

async function seedNotes(label = "notes", tools: object[] = [echoTool]) {
  const user = await seedUser(prisma);
  const entry = await seedCatalogEntry(prisma);
  const connector = await prisma.connector.create({
    data: { catalogEntryId: entry.id, name: "Notes", status: "RUNNING", tools: tools as never, scope: "PERSONAL", ownerUserId: user.id }, // prettier-ignore
  });
  await harness.startEchoBridge(connector.id, label);
  return { user, token: (await harness.createToken(user.id)).token };
}

function modernClient(token: string, mode: "auto" | { pin: string }) {
  const client = new Client({ name: "modern", version: "1.0.0" }, { versionNegotiation: { mode } });
  const transport = new StreamableHTTPClientTransport(new URL(`${harness.gatewayUrl}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  return { client, transport };
}

/** What a 2026-07-28 request carries in `_meta` in place of a session's initialize. */
const STATELESS_META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1.0.0" },
  "io.modelcontextprotocol/clientCapabilities": {},
};

const post = (token: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${harness.gatewayUrl}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream", ...headers }, // prettier-ignore
    body: JSON.stringify(body),
  });

describe("a 2026-07-28 client", () => {
  it("pinned to 2026-07-28: lists and calls a tool through the gateway with no session", async () => {
    const { token } = await seedNotes();
    const { client, transport } = modernClient(token, { pin: "2026-07-28" });
    await client.connect(transport);
    expect(client.getProtocolEra()).toBe("modern");
    expect(transport.sessionId).toBeUndefined();

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["notes__echo"]);
    const result = await client.callTool({ name: "notes__echo", arguments: { message: "hi" } });
    expect(result.content).toEqual([{ type: "text", text: "notes:hi" }]);
    await client.close();
  });

  it("in auto mode discovers the modern revision (server/discover) instead of initializing a session", async () => {
    const { token } = await seedNotes();
    const { client, transport } = modernClient(token, "auto");
    await client.connect(transport);
    expect(client.getProtocolEra()).toBe("modern");
    const result = await client.callTool({ name: "notes__echo", arguments: { message: "auto" } });
    expect(result.content).toEqual([{ type: "text", text: "notes:auto" }]);
    await client.close();
  });

  it("finding: gets the progress of a call that asks for it (it got none: the stateless handler never asked the upstream)", async () => {
    const { token } = await seedNotes("notes", [slowTool]);
    const { client, transport } = modernClient(token, { pin: "2026-07-28" });
    await client.connect(transport);
    const progress: number[] = [];
    const result = await client.callTool(
      { name: "notes__slow", arguments: { steps: 3 } },
      { onprogress: ({ progress: step }) => progress.push(step) },
    );
    expect(result.content).toEqual([{ type: "text", text: "notes: done" }]);
    expect(progress).toEqual([1, 2, 3]);
    await client.close();
  });

  it("gets 405 for GET and DELETE (no sessions to stream or end), and a session client still works alongside", async () => {
    const { token } = await seedNotes();
    for (const method of ["GET", "DELETE"]) {
      const response = await fetch(`${harness.gatewayUrl}/mcp`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          "mcp-protocol-version": "2026-07-28",
          accept: "text/event-stream",
        },
      });
      expect(response.status).toBe(405);
    }
    const legacy = await harness.connect(token);
    const result = await legacy.callTool({ name: "notes__echo", arguments: { message: "2025" } });
    expect(result.content).toEqual([{ type: "text", text: "notes:2025" }]);
    await legacy.close();
  });

  it("keeps its token's connectors between requests, and sees one started or stopped within the change interval", async () => {
    const { user, token } = await seedNotes();
    const { client, transport } = modernClient(token, { pin: "2026-07-28" });
    await client.connect(transport);
    // Each list is a request of its own: the SDK client would answer from its cache (the lists' hint).
    const toolNames = async () => {
      const response = await post(
        token,
        { jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: STATELESS_META } },
        { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/list" },
      );
      const body = (await response.json()) as { result: { tools: { name: string }[] } };
      return body.result.tools.map((tool) => tool.name);
    };
    expect(await toolNames()).toEqual(["notes__echo"]);

    const entry = await seedCatalogEntry(prisma);
    const added = await prisma.connector.create({
      data: { catalogEntryId: entry.id, name: "Diary", status: "RUNNING", tools: [echoTool], scope: "PERSONAL", ownerUserId: user.id }, // prettier-ignore
    });
    await harness.startEchoBridge(added.id, "diary");
    await expect.poll(toolNames, { timeout: 3_000, interval: 100 }).toEqual(["diary__echo", "notes__echo"]);
    const result = await client.callTool({ name: "diary__echo", arguments: { message: "new" } });
    expect(result.content).toEqual([{ type: "text", text: "diary:new" }]);

    await prisma.connector.update({ where: { id: added.id }, data: { desiredState: "STOPPED", status: "STOPPED" } });
    await expect.poll(toolNames, { timeout: 3_000, interval: 100 }).toEqual(["notes__echo"]);
    await client.close();
  });

  it("sees and calls only its own token's connectors, never another member's of the same name", async () => {
    const { token } = await seedNotes();
    await seedNotes("other-member");
    const { client, transport } = modernClient(token, { pin: "2026-07-28" });
    await client.connect(transport);

    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["notes__echo"]);
    const result = await client.callTool({ name: "notes__echo", arguments: { message: "mine" } });
    expect(result.content).toEqual([{ type: "text", text: "notes:mine" }]);
    await client.close();
  });

  it("lists, gets and reads prompts, resources and resource templates of its connectors, and completes arguments", async () => {
    const { token } = await seedNotes();
    const { client, transport } = modernClient(token, { pin: "2026-07-28" });
    await client.connect(transport);

    expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(["notes__greet"]);
    const prompt = await client.getPrompt({ name: "notes__greet", arguments: { name: "Ada" } });
    expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "notes says hello to Ada" } }]);

    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual(["switchboard://notes/memo%3A%2F%2Freadme"]);
    const readme = await client.readResource({ uri: resources[0]!.uri });
    expect(readme.contents).toEqual([{ uri: "switchboard://notes/memo%3A%2F%2Freadme", text: "notes readme" }]);

    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual([
      "switchboard://notes/memo%3A%2F%2Fnotes%2F{id}",
    ]);
    const note = await client.readResource({ uri: "switchboard://notes/memo%3A%2F%2Fnotes%2F7" });
    expect(note.contents).toEqual([{ uri: "switchboard://notes/memo%3A%2F%2Fnotes%2F7", text: "notes note 7" }]);

    const completion = await client.complete({
      ref: { type: "ref/prompt", name: "notes__greet" },
      argument: { name: "name", value: "Ad" },
    });
    expect(completion.completion.values).toEqual(["Adnotes"]);

    await expect(client.getPrompt({ name: "nobody__greet" })).rejects.toThrow(/Unknown connector: nobody/);
    await client.close();
  });

  it("marks the lists cacheable by the asking client only, briefly (the 2026-07-28 cache hints)", async () => {
    const { token } = await seedNotes();
    for (const method of ["tools/list", "prompts/list", "resources/list", "resources/templates/list"]) {
      const response = await post(
        token,
        { jsonrpc: "2.0", id: 1, method, params: { _meta: STATELESS_META } },
        { "mcp-protocol-version": "2026-07-28", "mcp-method": method },
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as { result: { ttlMs?: number; cacheScope?: string } };
      expect({ method, ttlMs: body.result.ttlMs, cacheScope: body.result.cacheScope }).toEqual({
        method,
        ttlMs: 5_000,
        cacheScope: "private",
      });
    }
  });

  it("needs the gateway token on every request like a session client", async () => {
    const { token } = await seedNotes();
    const response = await post(`${token}x`, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { "mcp-protocol-version": "2026-07-28" }); // prettier-ignore
    expect(response.status).toBe(401);
  });
});
