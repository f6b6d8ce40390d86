import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type LoggingMessageNotification,
} from "@modelcontextprotocol/sdk/types.js";
import {
  createTestPrisma,
  resetDatabase,
  seedCatalogEntry,
  seedTeam,
  seedUser,
  testDatabaseUrl,
} from "@switchboard/db/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { echoTool, slowTool, startGatewayHarness } from "../src/testing/harness.ts";
import { postInitialize, postStateless } from "../src/testing/probe-gateway.ts";

const prisma = createTestPrisma();
const METRICS_TOKEN = "metrics-token-for-prometheus-0123";
let harness: Awaited<ReturnType<typeof startGatewayHarness>>;
let gatewayUrl: string;

beforeAll(async () => {
  harness = await startGatewayHarness(prisma, testDatabaseUrl, { listChangedPollMs: 200, metricsToken: METRICS_TOKEN });
  gatewayUrl = harness.gatewayUrl;
});

afterAll(async () => {
  await harness.close();
  await prisma.$disconnect();
});

async function seedWorld() {
  const [alice, bob] = [await seedUser(prisma, { name: "alice" }), await seedUser(prisma, { name: "bob" })];
  const entry = await seedCatalogEntry(prisma);
  const team = await seedTeam(prisma, [{ userId: alice.id, role: "MEMBER" }]);
  const install = async (name: string, data: object) => {
    const connector = await prisma.connector.create({
      data: { catalogEntryId: entry.id, name, status: "RUNNING", tools: [echoTool], ...data } as never,
    });
    return { ...connector, echo: await harness.startEchoBridge(connector.id, name) };
  };
  return {
    alice,
    bob,
    notes: await install("Notes", { scope: "PERSONAL", ownerUserId: alice.id }),
    wiki: await install("Team Wiki", { scope: "TEAM", teamId: team.id }),
    secret: await install("Bob Secret", { scope: "PERSONAL", ownerUserId: bob.id }),
    slow: await install("Slow", { scope: "PERSONAL", ownerUserId: bob.id, tools: [slowTool] }),
  };
}

const createToken = (userId: string, connectorIds: string[] = []) => harness.createToken(userId, connectorIds);
const connect = (token: string) => harness.connect(token);

let world: Awaited<ReturnType<typeof seedWorld>>;
beforeEach(async () => {
  await resetDatabase(prisma);
  world = await seedWorld();
});
// Usage of one test's calls is written before the next test empties the database.
afterEach(async () => {
  await harness.endSessions();
  await harness.gateway.usage.flush();
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

  it("counts calls and their latency per method in /metrics, for Prometheus only, and gives each request an id", async () => {
    const client = await connect((await createToken(world.alice.id)).token);
    await client.callTool({ name: "notes__echo", arguments: { message: "secret-argument" } });
    await client.close();

    expect((await fetch(`${gatewayUrl}/metrics`)).status).toBe(401);
    const response = await fetch(`${gatewayUrl}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}`, "x-request-id": "scrape-1" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("scrape-1");
    const text = await response.text();
    expect(text).toMatch(/^switchboard_gateway_tool_calls_total\{outcome="ok",app="gateway"\} [1-9]/m);
    expect(text).toMatch(
      /^switchboard_gateway_request_duration_seconds_count\{[^}]*method="tools\/call"[^}]*outcome="ok"[^}]*\} [1-9]/m,
    );
    expect(text).not.toContain("secret-argument");
    expect(text).not.toContain("notes__echo");
  });

  it("lists the tools of the user's personal and team connectors, namespaced, and nobody else's", async () => {
    const client = await connect((await createToken(world.alice.id)).token);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["notes__echo", "team_wiki__echo"]);
    expect(tools.find((tool) => tool.name === "notes__echo")?.description).toBe("[Notes] Echoes its message");
    await client.close();
  });

  it("routes calls to the right connector and records usage without arguments", async () => {
    const client = await connect((await createToken(world.alice.id)).token);
    const result = await client.callTool({ name: "team_wiki__echo", arguments: { message: "secret-argument" } });
    expect(result.content).toEqual([{ type: "text", text: "Team Wiki:secret-argument" }]);
    await harness.gateway.usage.flush();
    const records = await prisma.usageRecord.findMany();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      userId: world.alice.id,
      connectorId: world.wiki.id,
      tool: "echo",
      outcome: "ok",
    });
    expect(JSON.stringify(records)).not.toContain("secret-argument");
    await client.close();
  });

  it("aggregates prompts and resources of visible connectors and routes them back", async () => {
    const client = await connect((await createToken(world.alice.id)).token);
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name).sort()).toEqual(["notes__greet", "team_wiki__greet"]);
    const prompt = await client.getPrompt({ name: "team_wiki__greet", arguments: { name: "Ada" } });
    expect(prompt.messages[0]?.content).toEqual({ type: "text", text: "Team Wiki says hello to Ada" });

    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri).sort()).toEqual([
      "switchboard://notes/memo%3A%2F%2Freadme",
      "switchboard://team_wiki/memo%3A%2F%2Freadme",
    ]);
    const read = await client.readResource({ uri: "switchboard://notes/memo%3A%2F%2Freadme" });
    expect(read.contents).toEqual([{ uri: "switchboard://notes/memo%3A%2F%2Freadme", text: "Notes readme" }]);

    await expect(client.getPrompt({ name: "bob_secret__greet", arguments: { name: "x" } })).rejects.toThrow(
      /Unknown connector/,
    );
    await expect(client.readResource({ uri: "switchboard://bob_secret/memo%3A%2F%2Freadme" })).rejects.toThrow(
      /Unknown connector/,
    );
    await client.close();
  });

  it("finding: a connector's errors on prompts, resources and completions reach the client as it gave them (the gateway prefixed them once more)", async () => {
    const client = await connect((await createToken(world.alice.id)).token);
    const direct = await harness.connectDirect(world.notes.id);
    const errorOf = (request: Promise<unknown>) =>
      request.then(
        () => undefined,
        (error: { code: number; message: string }) => ({ code: error.code, message: error.message }),
      );
    const [resourceError, promptError] = [
      await errorOf(direct.readResource({ uri: "memo://nope" })),
      await errorOf(direct.getPrompt({ name: "nope" })),
    ];
    expect(resourceError?.code).toBe(-32602);
    expect(await errorOf(client.readResource({ uri: "switchboard://notes/memo%3A%2F%2Fnope" }))).toEqual(resourceError);
    expect(await errorOf(client.getPrompt({ name: "notes__nope" }))).toEqual(promptError);
    const completionError = await errorOf(
      direct.complete({ ref: { type: "ref/prompt", name: "nope" }, argument: { name: "x", value: "" } }),
    );
    expect(
      await errorOf(
        client.complete({ ref: { type: "ref/prompt", name: "notes__nope" }, argument: { name: "x", value: "" } }),
      ),
    ).toEqual(completionError);
    await direct.close();
    await client.close();
  });

  it("gives clients the instructions of the connectors their token sees, labelled by tool prefix, at initialize and 2026-07-28 discovery", async () => {
    const setInstructions = (id: string, instructions: string) =>
      prisma.connector.update({ where: { id }, data: { instructions } });
    await setInstructions(world.notes.id, "Search the notes before writing one.");
    await setInstructions(world.secret.id, "Bob's private playbook.");
    const { token } = await createToken(world.alice.id);

    const alice = await connect(token);
    const instructions = alice.getInstructions();
    expect(instructions).toContain(
      '<connector-instructions connector="Notes" tools="notes__*">\nSearch the notes before writing one.\n</connector-instructions>',
    );
    expect(instructions).not.toContain("playbook");
    const discovered = await postStateless(`${gatewayUrl}/mcp`, token, "server/discover", {});
    expect(discovered.result?.instructions).toBe(instructions);

    const bob = await connect((await createToken(world.bob.id)).token);
    expect(bob.getInstructions()).toContain('connector="Bob Secret" tools="bob_secret__*">\nBob\'s private playbook.');
    expect(bob.getInstructions()).not.toContain("Search the notes");
    // A token narrowed to a connector without instructions gets none.
    const wikiOnly = (await createToken(world.alice.id, [world.wiki.id])).token;
    expect((await connect(wikiOnly)).getInstructions()).toBeUndefined();
    expect((await postStateless(`${gatewayUrl}/mcp`, wikiOnly, "server/discover", {})).result).not.toHaveProperty(
      "instructions",
    );
    // A connector's own endpoint: its server's words alone, as a direct connection gives them.
    const own = new Client({ name: "own-endpoint", version: "1.0.0" });
    await own.connect(
      new StreamableHTTPClientTransport(new URL(`${gatewayUrl}/mcp/notes`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    expect(own.getInstructions()).toBe("Search the notes before writing one.");
    expect((await postStateless(`${gatewayUrl}/mcp/notes`, token, "server/discover", {})).result?.instructions).toBe(
      "Search the notes before writing one.",
    );
    await own.close();
  });

  it("refuses a tool name of another user's connector", async () => {
    const client = await connect((await createToken(world.alice.id)).token);
    await expect(client.callTool({ name: "bob_secret__echo", arguments: { message: "x" } })).rejects.toThrow(
      /Unknown tool/,
    );
    await client.close();
  });

  it("limits a profile token to its connectors", async () => {
    const client = await connect((await createToken(world.alice.id, [world.notes.id])).token);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["notes__echo"]);
    await expect(client.callTool({ name: "team_wiki__echo", arguments: { message: "x" } })).rejects.toThrow(
      /Unknown tool/,
    );
    await client.close();
  });

  it("refuses a revoked token as soon as the revocation reaches the gateway, even inside an open session", async () => {
    const { token, id } = await createToken(world.alice.id);
    const client = await connect(token);
    await client.listTools();
    await prisma.gatewayToken.update({ where: { id }, data: { revokedAt: new Date() } });
    // The token check cache learns of the commit through a Postgres notification, which arrives a
    // few milliseconds later (token-checks.integration.test.ts bounds that delay); until then a
    // request may still be served, after it never.
    await expect
      .poll(() => client.listTools().then(() => "served", String), { interval: 10, timeout: 2_000 })
      .toMatch(/401|Unauthorized|invalid_token/i);
  });

  it("refuses an expired token", async () => {
    const { token, id } = await createToken(world.alice.id);
    await prisma.gatewayToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const response = await fetch(`${gatewayUrl}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(401);
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
    await prisma.connector.update({ where: { id: world.notes.id }, data: { status: "STOPPED" } });
    await changed;
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["team_wiki__echo"]);
    await client.close();
  });

  it("finding: a tool a connector adds while it runs (tools/list_changed) is listed and callable, and clients are told", async () => {
    const client = await connect((await createToken(world.alice.id, [world.notes.id])).token);
    // The gateway's connection to the connector is open, as it is once a client used it.
    await client.callTool({ name: "notes__echo", arguments: { message: "first" } });
    const changed = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChanged, () => resolve()));
    world.notes.echo.server.registerTool("added", { description: "Added at run time" }, () => ({
      content: [{ type: "text", text: "added at run time" }],
    }));
    await changed;
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("notes__added");
    const result = await client.callTool({ name: "notes__added", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "added at run time" }]);
    await client.close();
  }, 10_000);

  it("finding: a resource link from a tool whose name was cut to 64 characters names its connector's gateway URI", async () => {
    // The link's prefix was taken from the tool's name minus the upstream name, which a cut name no
    // longer ends with: switchboard://notes__/… routed nowhere (or to a connector named so).
    const long = "fetch_the_readme_of_these_notes_as_a_resource_link_for_you";
    const client = await connect((await createToken(world.alice.id, [world.notes.id])).token);
    await client.callTool({ name: "notes__echo", arguments: { message: "first" } });
    const changed = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChanged, () => resolve()));
    world.notes.echo.server.registerTool(long, { description: "A link" }, () => ({
      content: [{ type: "resource_link", uri: "memo://readme", name: "readme" }],
    }));
    await changed;
    const name = (await client.listTools()).tools
      .map((tool) => tool.name)
      .find((listed) => listed.startsWith("notes__fetch"));
    expect(name).toHaveLength(64);
    const result = await client.callTool({ name: name!, arguments: {} });
    expect(result.content).toEqual([
      { type: "resource_link", uri: "switchboard://notes/memo%3A%2F%2Freadme", name: "readme" },
    ]);
    await client.close();
  }, 10_000);

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

  it("refuses browser requests from other origins (DNS-rebinding protection)", async () => {
    const { token } = await createToken(world.alice.id);
    const post = (origin: string) =>
      fetch(`${gatewayUrl}/mcp`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          origin,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
      });
    expect((await post("http://evil.example")).status).toBe(403);
    expect((await post("http://127.0.0.1")).status).not.toBe(403);
  });

  it("lets a page on an allowed origin call the endpoint (CORS), and no other origin", async () => {
    const { token } = await createToken(world.alice.id);
    const preflight = (origin: string) =>
      fetch(`${gatewayUrl}/mcp`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type, mcp-protocol-version, mcp-session-id",
        },
      });
    const allowed = await preflight("http://127.0.0.1");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1");
    expect(allowed.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expect(allowed.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("mcp-session-id");
    expect(allowed.headers.get("vary")).toMatch(/Origin/i);
    const refused = await preflight("http://evil.example");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();

    const initialize = (origin: string, token?: string) => postInitialize(`${gatewayUrl}/mcp`, token, { origin });
    // The page must read the sign-in challenge and, once signed in, the session id.
    const challenge = await initialize("http://127.0.0.1");
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1");
    expect(challenge.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("www-authenticate");
    const opened = await initialize("http://127.0.0.1", token);
    expect(opened.status).toBe(200);
    expect(opened.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1");
    expect(opened.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("mcp-session-id");
    await opened.body?.cancel();
  });

  it("publishes its resource metadata to any origin (CORS) and answers at the endpoint URL with a trailing slash", async () => {
    const metadata = await fetch(`${gatewayUrl}/.well-known/oauth-protected-resource/mcp`, {
      headers: { origin: "https://inspector.example" },
    });
    expect(metadata.headers.get("access-control-allow-origin")).toBe("*");
    const preflight = await fetch(`${gatewayUrl}/.well-known/oauth-protected-resource/mcp`, {
      method: "OPTIONS",
      headers: {
        origin: "https://inspector.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "mcp-protocol-version",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("mcp-protocol-version");

    // Pasted with a slash at the end, the URL still leads a client to sign-in, then to its tools.
    const unauthenticated = await fetch(`${gatewayUrl}/mcp/`, { method: "POST" });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("www-authenticate")).toContain("resource_metadata=");
    expect((await fetch(`${gatewayUrl}/.well-known/oauth-protected-resource/mcp/`)).status).toBe(200);
    const client = new Client({ name: "slash", version: "1.0.0" });
    const { token } = await createToken(world.alice.id);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${gatewayUrl}/mcp/`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("notes__echo");
    await client.close();
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

describe("gateway: calls", () => {
  it("streams the progress of a call that asks for it", async () => {
    const client = await connect((await createToken(world.bob.id)).token);
    const progress: number[] = [];
    const result = await client.callTool({ name: "slow__slow", arguments: { steps: 3 } }, undefined, {
      onprogress: ({ progress: step }) => progress.push(step),
    });
    expect(result.content).toEqual([{ type: "text", text: "Slow: done" }]);
    expect(progress).toEqual([1, 2, 3]);
    await client.close();
  });

  it("passes a call's trace context and other client _meta keys on to the connector, on the fast path and with progress, under its own progress token", async () => {
    const meta = {
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      tracestate: "vendor=value",
      baggage: "tenant=acme",
      "example.com/request": "r-1",
    };
    const client = await connect((await createToken(world.bob.id)).token);
    await client.callTool({ name: "bob_secret__echo", arguments: { message: "hi" }, _meta: meta });
    expect(world.secret.echo.metas).toEqual([meta]);

    const progress: number[] = [];
    await client.callTool({ name: "slow__slow", arguments: { steps: 1 }, _meta: meta }, undefined, {
      onprogress: ({ progress: step }) => progress.push(step),
    });
    expect(progress).toEqual([1]);
    const [seen] = world.slow.echo.metas;
    expect(seen).toMatchObject(meta);
    // With the hop's own progress token (the bridge maps the gateway's to its own), whose progress came back.
    expect(seen).toHaveProperty("progressToken");
    await client.close();
  });

  it("passes a client's _meta on prompts/get and resources/read too, also from a client the gateway may ask for input", async () => {
    const meta = {
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "example.com/request": "r-2",
    };
    const client = new Client({ name: "askable", version: "1.0.0" }, { capabilities: { elicitation: { form: {} } } });
    const { token } = await createToken(world.alice.id);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${gatewayUrl}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    await client.getPrompt({ name: "notes__greet", arguments: { name: "Ada" }, _meta: meta });
    await client.readResource({ uri: "switchboard://notes/memo%3A%2F%2Freadme", _meta: { ...meta, progressToken: 9 } });
    // Next to what the gateway writes itself (the client's capabilities), and without its progress token.
    expect(world.notes.echo.metas).toHaveLength(2);
    for (const seen of world.notes.echo.metas) {
      expect(seen).toMatchObject(meta);
      expect(seen).not.toHaveProperty("progressToken");
    }
    await client.close();
  });

  it("cancels the upstream call when the client cancels, and records it", async () => {
    const client = await connect((await createToken(world.bob.id)).token);
    const controller = new AbortController();
    const call = client.callTool({ name: "slow__slow", arguments: { wait: true } }, undefined, {
      signal: controller.signal,
    });
    await waitFor(() => world.slow.echo.waiting.started === 1);
    controller.abort("changed my mind");
    await expect(call).rejects.toThrow();
    await waitFor(() => world.slow.echo.waiting.cancelled === 1);
    await harness.gateway.usage.flush();
    expect(await prisma.usageRecord.findMany({ where: { connectorId: world.slow.id } })).toMatchObject([
      { outcome: "cancelled" },
    ]);
    await client.close();
  });

  it("answers a call its connector does not answer in time with a tool error, cancels it upstream and records a timeout", async () => {
    const quick = await startGatewayHarness(prisma, testDatabaseUrl, { callTimeoutMs: 300 });
    try {
      const { waiting } = await quick.startEchoBridge(world.slow.id, "Slow");
      const { token } = await createToken(world.bob.id);
      const timedOut = {
        isError: true,
        content: [{ type: "text", text: "The connector did not answer within 0.3 s." }],
      };
      // Both fast paths abort the client's own controller when the call times out.
      const client = await quick.connect(token);
      expect(await client.callTool({ name: "slow__slow", arguments: { wait: true } })).toEqual(timedOut);
      const params = { name: "slow__slow", arguments: { wait: true } };
      const answer = await postStateless(`${quick.gatewayUrl}/mcp`, token, "tools/call", params);
      expect(answer.result).toMatchObject(timedOut);
      await waitFor(() => waiting.cancelled === 2);
      await quick.endSessions();
      await quick.gateway.usage.flush();
      const timeout = { outcome: "timeout", errorCode: "-32001" };
      expect(await prisma.usageRecord.findMany({ where: { connectorId: world.slow.id } })).toMatchObject([
        timeout,
        timeout,
      ]);
    } finally {
      await quick.close();
    }
  });

  it("answers a call of a tool that is not visible with a JSON-RPC error, without the SDK transport", async () => {
    const { token } = await createToken(world.alice.id);
    const client = await connect(token);
    const response = await fetch(`${gatewayUrl}/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "mcp-session-id": (client.transport as StreamableHTTPClientTransport).sessionId!,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: "x", method: "tools/call", params: { name: "bob_secret__echo" } }),
    });
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({
      jsonrpc: "2.0",
      id: "x",
      error: { code: -32602, message: "Unknown tool: bob_secret__echo" },
    });
    await client.close();
  });
});

describe("gateway: templates, completions, logging, subscriptions", () => {
  it("lists resource templates under gateway URIs and reads their expansions from the owning connector", async () => {
    const client = await connect((await createToken(world.alice.id)).token);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate).sort()).toEqual([
      "switchboard://notes/memo%3A%2F%2Fnotes%2F{id}",
      "switchboard://team_wiki/memo%3A%2F%2Fnotes%2F{id}",
    ]);
    const read = await client.readResource({ uri: "switchboard://team_wiki/memo%3A%2F%2Fnotes%2F42" });
    expect(read.contents).toEqual([
      { uri: "switchboard://team_wiki/memo%3A%2F%2Fnotes%2F42", text: "Team Wiki note 42" },
    ]);
    await client.close();
  });

  it("finding: lists every page of a connector's prompts, resources and templates (only its first page was listed)", async () => {
    // Two pages of each list, the second named by the first's cursor, as a paginating server serves them.
    const upstream = world.notes.echo.server.server;
    const paged = <T>(first: T[], second: T[]) =>
      ((request: { params?: { cursor?: string } }) =>
        request.params?.cursor === "page-2" ? second : { ...first, nextCursor: "page-2" }) as never;
    upstream.setRequestHandler(
      ListPromptsRequestSchema,
      paged({ prompts: [{ name: "first" }] } as never, { prompts: [{ name: "second" }] } as never),
    );
    upstream.setRequestHandler(
      ListResourcesRequestSchema,
      paged({ resources: [{ uri: "memo://1", name: "one" }] } as never, { resources: [{ uri: "memo://2", name: "two" }] } as never), // prettier-ignore
    );
    upstream.setRequestHandler(
      ListResourceTemplatesRequestSchema,
      paged(
        { resourceTemplates: [{ uriTemplate: "memo://a/{x}", name: "a" }] } as never,
        { resourceTemplates: [{ uriTemplate: "memo://b/{x}", name: "b" }] } as never,
      ),
    );
    const client = await connect((await createToken(world.alice.id, [world.notes.id])).token);
    expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual([
      "notes__first",
      "notes__second",
    ]);
    expect((await client.listResources()).resources.map((resource) => resource.uri)).toEqual([
      "switchboard://notes/memo%3A%2F%2F1",
      "switchboard://notes/memo%3A%2F%2F2",
    ]);
    expect((await client.listResourceTemplates()).resourceTemplates.map((template) => template.name)).toEqual([
      "[Notes] a",
      "[Notes] b",
    ]);
    await client.close();
  });

  it("completes prompt arguments and template variables through the connector that owns them", async () => {
    const client = await connect((await createToken(world.alice.id)).token);
    const prompt = await client.complete({
      ref: { type: "ref/prompt", name: "team_wiki__greet" },
      argument: { name: "name", value: "Ada " },
    });
    expect(prompt.completion.values).toEqual(["Ada Team Wiki"]);
    const template = await client.complete({
      ref: { type: "ref/resource", uri: "switchboard://notes/memo%3A%2F%2Fnotes%2F{id}" },
      argument: { name: "id", value: "4" },
    });
    expect(template.completion.values).toEqual(["47"]);
    await expect(
      client.complete({
        ref: { type: "ref/prompt", name: "bob_secret__greet" },
        argument: { name: "name", value: "" },
      }),
    ).rejects.toThrow(/Unknown connector/);
    await client.close();
  });

  it("passes a connector's log messages to the sessions that see it, at or above their level", async () => {
    const all = await connect((await createToken(world.alice.id)).token);
    const wikiOnly = await connect((await createToken(world.alice.id, [world.wiki.id])).token);
    const bob = await connect((await createToken(world.bob.id)).token);
    const received = { all: collectLogs(all), wikiOnly: collectLogs(wikiOnly), bob: collectLogs(bob) };
    await all.setLoggingLevel("warning");
    await wikiOnly.setLoggingLevel("debug");
    await bob.setLoggingLevel("debug");

    await world.notes.echo.server.sendLoggingMessage({ level: "info", data: "too quiet" });
    await world.notes.echo.server.sendLoggingMessage({ level: "error", logger: "db", data: "notes failed" });
    await world.wiki.echo.server.sendLoggingMessage({ level: "warning", data: "wiki slow" });
    await waitFor(() => received.all.length === 2 && received.wikiOnly.length === 1);

    expect(received.all).toEqual([
      { level: "error", logger: "notes/db", data: "notes failed" },
      { level: "warning", logger: "team_wiki", data: "wiki slow" },
    ]);
    expect(received.wikiOnly).toEqual([{ level: "warning", logger: "team_wiki", data: "wiki slow" }]);
    expect(received.bob).toEqual([]);
    await Promise.all([all, wikiOnly, bob].map((client) => client.close()));
  });

  it("forwards resource updates to the sessions subscribed to the resource, until they unsubscribe", async () => {
    const { token } = await createToken(world.alice.id);
    const [subscriber, bystander] = [await connect(token), await connect(token)];
    const updates = { subscriber: collectUpdates(subscriber), bystander: collectUpdates(bystander) };
    const readme = "switchboard://notes/memo%3A%2F%2Freadme";

    await subscriber.subscribeResource({ uri: readme });
    expect([...world.notes.echo.subscribed]).toEqual(["memo://readme"]);
    await world.notes.echo.server.server.sendResourceUpdated({ uri: "memo://readme" });
    await world.wiki.echo.server.server.sendResourceUpdated({ uri: "memo://readme" });
    await waitFor(() => updates.subscriber.length === 1);
    expect(updates.subscriber).toEqual([readme]);

    await subscriber.unsubscribeResource({ uri: readme });
    expect([...world.notes.echo.subscribed]).toEqual([]);
    await world.notes.echo.server.server.sendResourceUpdated({ uri: "memo://readme" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(updates.subscriber).toEqual([readme]);
    expect(updates.bystander).toEqual([]);
    await expect(subscriber.subscribeResource({ uri: "switchboard://bob_secret/memo%3A%2F%2Freadme" })).rejects.toThrow(
      /Unknown connector/,
    );
    await Promise.all([subscriber, bystander].map((client) => client.close()));
  });

  it("keeps an upstream subscription while any session holds it and ends it with the last", async () => {
    // The first session ends (DELETE) holding its subscription; the second unsubscribes.
    const { token } = await createToken(world.alice.id);
    const [first, second] = [await connect(token), await connect(token)];
    const readme = "switchboard://notes/memo%3A%2F%2Freadme";
    await first.subscribeResource({ uri: readme });
    await second.subscribeResource({ uri: readme });
    await (first.transport as StreamableHTTPClientTransport).terminateSession();
    await first.close();
    expect([...world.notes.echo.subscribed]).toEqual(["memo://readme"]);
    await second.unsubscribeResource({ uri: readme });
    expect([...world.notes.echo.subscribed]).toEqual([]);
    await second.close();
  });
});

function collectLogs(client: Client) {
  const received: LoggingMessageNotification["params"][] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    received.push(notification.params);
  });
  return received;
}

function collectUpdates(client: Client) {
  const received: string[] = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
    received.push(notification.params.uri);
  });
  return received;
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const ToolListChanged = z.object({ method: z.literal("notifications/tools/list_changed") });
