import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import type { RemoteTransport } from "@switchboard/catalog";
import { checkHttpHealth } from "@switchboard/mcp-bridge";
import { createTestPrisma, createTestSecretBox, resetDatabase, testDatabaseUrl } from "@switchboard/db/testing";
import { startTestProvider, type TestProvider } from "@switchboard/oauth/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startLegacySseServer } from "../src/testing/legacy-sse-server.ts";
import { startV2StatelessServer, V2_STATELESS_INSTRUCTIONS } from "../src/testing/v2-stateless-server.ts";
import { startGatewayHarness } from "../src/testing/harness.ts";
import { postStateless } from "../src/testing/probe-gateway.ts";
import { seedRemoteOAuthConnector } from "../src/testing/remote-connector.ts";
import { echoTool } from "../src/testing/harness.ts";

const prisma = createTestPrisma();
const secretBox = createTestSecretBox();
let provider: TestProvider;
let harness: Awaited<ReturnType<typeof startGatewayHarness>>;
let sse: Awaited<ReturnType<typeof startLegacySseServer>>;
let v2: Awaited<ReturnType<typeof startV2StatelessServer>>;
let modernOnly: Awaited<ReturnType<typeof startV2StatelessServer>>;
const clients: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  provider = await startTestProvider();
  sse = await startLegacySseServer();
  v2 = await startV2StatelessServer();
  modernOnly = await startV2StatelessServer({ legacy: "reject" });
  harness = await startGatewayHarness(prisma, testDatabaseUrl, {
    secretBox,
    remotePolicy: { allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] },
  });
});

afterAll(async () => {
  await harness.close();
  sse.close();
  await v2.close();
  await modernOnly.close();
  await provider.close();
  await prisma.$disconnect();
});

beforeEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await resetDatabase(prisma);
  sse.seen.length = 0;
  modernOnly.seen.length = 0;
});

/** A remote connector with an OAuth credential whose entry declares `transport` for `url`. */
async function seedRemoteConnector(url: string, transport: RemoteTransport, tools?: object[]) {
  const seeded = await seedRemoteOAuthConnector(prisma, secretBox, provider, {
    slug: `remote-${transport}`,
    name: "Remote",
    url,
    transport,
  });
  if (tools) await prisma.connector.update({ where: { id: seeded.connectorId }, data: { tools } });
  const { token } = await harness.createToken(seeded.userId);
  const client = await harness.connect(token);
  clients.push(client);
  return { ...seeded, client, token };
}

describe("a remote server on the legacy HTTP+SSE transport", () => {
  it("declared as sse: tools are listed and called through the gateway, with the connector's token", async () => {
    const { client, tokens } = await seedRemoteConnector(`${sse.url}/sse`, "sse");

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["oauth_connector__echo"]);
    const result = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "hi" } });
    expect(result.content).toEqual([{ type: "text", text: "sse:hi" }]);
    const again = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "again" } });
    expect(again.content).toEqual([{ type: "text", text: "sse:again" }]);

    expect(sse.seen.map(({ method, path }) => `${method} ${path}`)).toContain("GET /sse");
    expect(sse.seen.filter(({ method }) => method === "POST").length).toBeGreaterThanOrEqual(3);
    expect(sse.seen.every(({ token }) => token === tokens.accessToken)).toBe(true);
  });

  it("declared as Streamable HTTP (the default): the POSTed initialize gets 405, and the gateway falls back to SSE", async () => {
    const { client } = await seedRemoteConnector(`${sse.url}/sse`, "streamable-http");

    const result = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "probe" } });
    expect(result.content).toEqual([{ type: "text", text: "sse:probe" }]);
    expect(sse.seen.slice(0, 2).map(({ method, path }) => `${method} ${path}`)).toEqual(["POST /sse", "GET /sse"]);
  });

  it("a 401 on the event stream refreshes the credential once and reconnects with the new token", async () => {
    const { client, tokens } = await seedRemoteConnector(`${sse.url}/sse`, "sse");
    sse.rejectedTokens.add(tokens.accessToken);

    const result = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "fresh" } });
    expect(result.content).toEqual([{ type: "text", text: "sse:fresh" }]);
    const last = sse.seen.at(-1);
    expect(last?.token).toBeDefined();
    expect(last?.token).not.toBe(tokens.accessToken);
  });
});

describe("a remote stateless server built on the v2 SDK (2026-07-28 with its 2025 fallback)", () => {
  it("serves a 2025 session client through the gateway: list and call, with no upstream session", async () => {
    const { client } = await seedRemoteConnector(`${v2.url}/mcp`, "streamable-http");

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["oauth_connector__echo"]);
    const result = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "hi" } });
    expect(result.content).toEqual([{ type: "text", text: "v2:hi" }]);
    const again = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "again" } });
    expect(again.content).toEqual([{ type: "text", text: "v2:again" }]);
    // Requests after the handshake carry the negotiated 2025 revision the SDK fallback serves.
    expect(v2.seenVersions.at(-1)).toBe("2025-11-25");
  });

  it("a client that can be asked for input takes the fast path to it once connected: its 2025 session cannot ask", async () => {
    const { token } = await seedRemoteConnector(`${v2.url}/mcp`, "streamable-http");
    const asking = await connectSessionWithElicitation(token, () => ({ action: "decline" }));

    // Until the gateway has connected it cannot know the connector's revision: the SDK session.
    const first = await postEcho(token, asking);
    expect(first.headers.get("content-type")).toBe("text/event-stream");
    expect(await first.text()).toContain("v2:path");
    const connected = await postEcho(token, asking);
    expect(connected.headers.get("content-type")).toBe("application/json");
    expect(await connected.json()).toMatchObject({ id: 1, result: { content: [{ type: "text", text: "v2:path" }] } });
  });
});

const deployTool = { name: "deploy", description: "Deploys after the user confirms", inputSchema: { type: "object" } };
const busyTool = { name: "busy", description: "Asks to be retried once", inputSchema: { type: "object" } };
const workspaceTool = {
  name: "workspace",
  description: "Summarises the client's roots",
  inputSchema: { type: "object" },
};

/** A 1.x SDK session client through the gateway that declares form elicitation and answers with `answer`. */
async function connectSessionWithElicitation(
  token: string,
  answer: (message: string) => ElicitResult | Promise<ElicitResult>,
  gatewayUrl = harness.gatewayUrl,
) {
  const client = new Client({ name: "asked", version: "1.0.0" }, { capabilities: { elicitation: { form: {} } } });
  client.setRequestHandler(ElicitRequestSchema, async (request) => answer(request.params.message));
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${gatewayUrl}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(client);
  return client;
}

/** The echo tool called with a plain POST on `client`'s session: JSON from the fast path, events from the SDK session. */
function postEcho(token: string, client: Client) {
  return fetch(`${harness.gatewayUrl}/mcp`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      accept: "application/json, text/event-stream",
      "content-type": "application/json",
      "mcp-protocol-version": "2025-11-25",
      "mcp-session-id": (client.transport as StreamableHTTPClientTransport).sessionId!,
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "oauth_connector__echo", arguments: { message: "path" } },
    }),
  });
}

/** A raw 2026-07-28 `tools/call`, optionally with a request state; its JSON-RPC answer. */
function callRaw(token: string, name: string, requestState?: string) {
  const params = { name, arguments: {}, ...(requestState === undefined ? {} : { requestState }) };
  return postStateless(`${harness.gatewayUrl}/mcp`, token, "tools/call", params);
}

/** A 2026-07-28 client of the gateway (the v2 SDK pinned to the stateless revision). */
async function connectModern(token: string, onElicit?: (message: string) => { confirm: boolean }) {
  const client = new ModernClient(
    { name: "modern", version: "1.0.0" },
    {
      versionNegotiation: { mode: { pin: "2026-07-28" } },
      capabilities: onElicit ? { elicitation: { form: {} } } : {},
    },
  );
  if (onElicit) {
    client.setRequestHandler("elicitation/create", async (request) => ({
      action: "accept",
      content: onElicit((request.params as { message: string }).message),
    }));
  }
  await client.connect(
    new ModernTransport(new URL(`${harness.gatewayUrl}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(client);
  return client;
}

describe("a 2026-07-28 client of the gateway", () => {
  it("lists and calls the tools of a legacy HTTP+SSE server and of a 2025 session server", async () => {
    for (const [url, transport, text] of [
      [`${sse.url}/sse`, "sse", "sse:modern"],
      [`${v2.url}/mcp`, "streamable-http", "v2:modern"],
    ] as const) {
      await resetDatabase(prisma);
      const { token } = await seedRemoteConnector(url, transport);
      const client = await connectModern(token);

      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["oauth_connector__echo"]);
      const result = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "modern" } });
      expect(result.content).toEqual([{ type: "text", text }]);
    }
  });
});

describe("a remote server that speaks only 2026-07-28 (no initialize, 2025 requests refused)", () => {
  const seedModernOnly = () =>
    seedRemoteConnector(`${modernOnly.url}/mcp`, "streamable-http", [echoTool, deployTool, busyTool]);

  it("passes the runner's health check, which records its tools and instructions (server/discover and tools/list on 2026-07-28)", async () => {
    const report = await checkHttpHealth(`${modernOnly.url}/mcp`, { timeoutMs: 5_000 });

    expect(report.serverInfo).toMatchObject({ name: "v2-stateless", version: "1.0.0" });
    expect(report.instructions).toBe(V2_STATELESS_INSTRUCTIONS);
    expect(report.tools.map((tool) => tool.name)).toEqual(["echo", "deploy", "busy", "workspace"]);
  });

  it("serves a 2025 session client: tools are called on the stateless revision, with the connector's token", async () => {
    const { client } = await seedModernOnly();

    const result = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "hi" } });
    expect(result.content).toEqual([{ type: "text", text: "v2:hi" }]);
    const again = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "again" } });
    expect(again.content).toEqual([{ type: "text", text: "v2:again" }]);
    const calls = modernOnly.seen.filter((request) => request.method === "tools/call");
    expect(calls).toHaveLength(2);
    expect(calls.every((call) => call.version === "2026-07-28")).toBe(true);
  });

  it("streams the server's progress to a 2025 session client that asks for it", async () => {
    const { client } = await seedModernOnly();
    const progress: number[] = [];

    const result = await client.callTool(
      { name: "oauth_connector__echo", arguments: { message: "steps" } },
      undefined,
      {
        onprogress: ({ progress: step }) => progress.push(step),
      },
    );
    expect(result.content).toEqual([{ type: "text", text: "v2:steps" }]);
    expect(progress).toEqual([1]);
  });

  it("a 401 on a tool call refreshes the credential once and calls again with the new token", async () => {
    const { client, tokens } = await seedModernOnly();
    await client.callTool({ name: "oauth_connector__echo", arguments: { message: "first" } });
    modernOnly.rejectedTokens.add(tokens.accessToken);

    const result = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "fresh" } });
    expect(result.content).toEqual([{ type: "text", text: "v2:fresh" }]);
    const calls = modernOnly.seen.filter((request) => request.method === "tools/call");
    expect(calls.map((call) => call.token === tokens.accessToken)).toEqual([true, false]);
  });

  it("serves a 2026-07-28 client: list and call with no session anywhere", async () => {
    const { token } = await seedModernOnly();
    const client = await connectModern(token);

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      "oauth_connector__echo",
      "oauth_connector__deploy",
      "oauth_connector__busy",
    ]);
    const result = await client.callTool({ name: "oauth_connector__echo", arguments: { message: "modern" } });
    expect(result.content).toEqual([{ type: "text", text: "v2:modern" }]);
    // The only 2025 request the server ever saw is the handshake it refused.
    expect(modernOnly.seen.filter((request) => request.version !== "2026-07-28").map((r) => r.method)).toEqual([
      "initialize",
    ]);
  });

  it("serves its prompts and resources to both client generations", async () => {
    const { client: session, token } = await seedModernOnly();
    const modern = await connectModern(token);

    for (const client of [session, modern]) {
      expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual([
        "oauth_connector__greet",
        "oauth_connector__review",
      ]);
      const prompt = await client.getPrompt({ name: "oauth_connector__greet", arguments: { who: "Ada" } });
      expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Hello, Ada" } }]);
      const { resources } = await client.listResources();
      expect(resources.map((resource) => resource.uri)).toEqual([
        "switchboard://oauth_connector/note%3A%2F%2Freadme",
        "switchboard://oauth_connector/note%3A%2F%2Fvault",
      ]);
      const read = await client.readResource({ uri: "switchboard://oauth_connector/note%3A%2F%2Fnotes%2Fa" });
      expect(read.contents).toEqual([{ uri: "switchboard://oauth_connector/note%3A%2F%2Fnotes%2Fa", text: "note a" }]);
    }
  });

  it("passes an input_required result to a 2026-07-28 client and its retry (answers and state) back upstream", async () => {
    const { token } = await seedModernOnly();
    const asked: string[] = [];
    const client = await connectModern(token, (message) => {
      asked.push(message);
      return { confirm: true };
    });

    const result = await client.callTool({ name: "oauth_connector__deploy", arguments: { env: "prod" } });
    expect(asked).toEqual(["Deploy to prod?"]);
    expect(result.content).toEqual([{ type: "text", text: "deployed to prod (deploy:prod)" }]);
    const retry = modernOnly.seen.filter((request) => request.method === "tools/call").at(-1);
    expect(retry?.params).toMatchObject({
      name: "deploy",
      requestState: "deploy:prod",
      inputResponses: { confirm: { action: "accept", content: { confirm: true } } },
    });
  });

  it("finding: a 2026-07-28 client's request state is bound to its connector, token and tool; a forged or moved one is refused, never forwarded", async () => {
    const { token, userId } = await seedModernOnly();
    const other = (await harness.createToken(userId)).token;
    const upstreamCalls = () => modernOnly.seen.filter((request) => request.method === "tools/call").length;

    const first = await callRaw(token, "oauth_connector__busy");
    expect(first.result).toMatchObject({ resultType: "input_required" });
    const sealed = (first.result as { requestState: string }).requestState;
    expect(sealed).not.toContain("retry");
    const done = await callRaw(token, "oauth_connector__busy", sealed);
    expect(done.result).toMatchObject({ content: [{ type: "text", text: "done" }] });
    expect(modernOnly.seen.filter((request) => request.method === "tools/call").at(-1)?.params).toMatchObject({
      name: "busy",
      requestState: "retry",
    });

    const before = upstreamCalls();
    for (const [bearer, tool, state] of [
      [token, "oauth_connector__busy", "retry"], // forged: the upstream's own state, unsealed
      [token, "oauth_connector__busy", `${sealed.slice(0, -4)}AAAA`], // tampered
      [other, "oauth_connector__busy", sealed], // another token of the same user
      [token, "oauth_connector__echo", sealed], // another tool of the connector
    ] as const) {
      const refused = await callRaw(bearer, tool, state);
      expect(refused.error).toMatchObject({ code: -32602, message: expect.stringContaining("requestState") });
    }
    expect(upstreamCalls()).toBe(before);
  });

  it("passes input_required on prompts/get and resources/read to a 2026-07-28 client and its retries back upstream", async () => {
    const { token } = await seedModernOnly();
    const client = await connectModern(token, () => ({ confirm: true }));
    client.setRequestHandler("elicitation/create", async () => ({ action: "accept", content: { name: "Ada", pass: "sesame" } })); // prettier-ignore

    const prompt = await client.getPrompt({ name: "oauth_connector__review" });
    expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Review by Ada" } }]);
    const vault = await client.readResource({ uri: "switchboard://oauth_connector/note%3A%2F%2Fvault" });
    expect(vault.contents).toEqual([
      { uri: "switchboard://oauth_connector/note%3A%2F%2Fvault", text: "opened with sesame" },
    ]);
  });

  it("a 2025 session client without the capability: the upstream's refusal; a round of request state only is retried", async () => {
    const { client } = await seedModernOnly();

    // The client declared no elicitation, so neither does the gateway, and the server refuses to ask.
    await expect(client.callTool({ name: "oauth_connector__deploy", arguments: { env: "prod" } })).rejects.toThrow(
      /-32021.*Cannot request input 'confirm'/,
    );
    // Nothing to ask: the gateway retries with the server's request state.
    const result = await client.callTool({ name: "oauth_connector__busy", arguments: {} });
    expect(result).toMatchObject({ content: [{ type: "text", text: "done" }] });
    expect(modernOnly.seen.filter((request) => request.method === "tools/call").at(-1)?.params).toMatchObject({
      name: "busy",
      requestState: "retry",
    });
  });

  it("a 2025 session client that declared elicitation is asked over its session; the retry carries its answer and the request state", async () => {
    const { token } = await seedModernOnly();
    const asked: string[] = [];
    const client = await connectSessionWithElicitation(token, (message) => {
      asked.push(message);
      return { action: "accept", content: { confirm: true } };
    });

    const result = await client.callTool({ name: "oauth_connector__deploy", arguments: { env: "prod" } });
    expect(asked).toEqual(["Deploy to prod?"]);
    expect(result.content).toEqual([{ type: "text", text: "deployed to prod (deploy:prod)" }]);
    const [first, retry] = modernOnly.seen.filter((request) => request.method === "tools/call");
    expect(first?.params).toMatchObject({
      _meta: { "io.modelcontextprotocol/clientCapabilities": { elicitation: { form: {} } } },
    });
    expect(first?.params).not.toHaveProperty("requestState");
    expect(retry?.params).toMatchObject({
      name: "deploy",
      requestState: "deploy:prod",
      inputResponses: { confirm: { action: "accept", content: { confirm: true } } },
    });
  });

  it("a 2025 session client's user may take longer to answer than the call timeout, which is the connector's", async () => {
    const { token } = await seedModernOnly();
    const quick = await startGatewayHarness(prisma, testDatabaseUrl, {
      secretBox,
      remotePolicy: { allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] },
      callTimeoutMs: 1_500,
    });
    try {
      const client = await connectSessionWithElicitation(
        token,
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 2_500));
          return { action: "accept", content: { confirm: true } };
        },
        quick.gatewayUrl,
      );

      const result = await client.callTool({ name: "oauth_connector__deploy", arguments: { env: "prod" } });
      expect(result.content).toEqual([{ type: "text", text: "deployed to prod (deploy:prod)" }]);
    } finally {
      await quick.close();
    }
  });

  it("a 2025 session client that declines gets the server's handling of a decline", async () => {
    const { token } = await seedModernOnly();
    const client = await connectSessionWithElicitation(token, () => ({ action: "decline" }));

    const result = await client.callTool({ name: "oauth_connector__deploy", arguments: { env: "prod" } });
    expect(result.content).toEqual([{ type: "text", text: "not deployed (decline)" }]);
  });

  it("a 2025 session client that declared roots and sampling is asked for both in one round", async () => {
    const { token } = await seedModernOnly();
    await prisma.connector.updateMany({ data: { tools: [echoTool, workspaceTool] } });
    const client = new Client({ name: "roots", version: "1.0.0" }, { capabilities: { roots: {}, sampling: {} } });
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: "file:///work/app" }] }));
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: "assistant",
      content: { type: "text", text: "a small app" },
      model: "test",
    }));
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${harness.gatewayUrl}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);

    const result = await client.callTool({ name: "oauth_connector__workspace", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "file:///work/app: a small app" }]);
  });

  it("a 2025 session client that declared elicitation is asked for a prompt's and a resource's input too", async () => {
    const { client: plain, token } = await seedModernOnly();
    const answers: Record<string, Record<string, string>> = {
      "Who reviews?": { name: "Ada" },
      "Passphrase?": { pass: "sesame" },
    };
    const client = await connectSessionWithElicitation(token, (message) => ({
      action: "accept",
      content: answers[message],
    }));

    const prompt = await client.getPrompt({ name: "oauth_connector__review" });
    expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Review by Ada" } }]);
    const vault = await client.readResource({ uri: "switchboard://oauth_connector/note%3A%2F%2Fvault" });
    expect(vault.contents).toEqual([
      { uri: "switchboard://oauth_connector/note%3A%2F%2Fvault", text: "opened with sesame" },
    ]);
    // Without the capability: the upstream's refusal, as a JSON-RPC error.
    await expect(plain.getPrompt({ name: "oauth_connector__review" })).rejects.toThrow(/-32021.*Cannot request input/);
  });

  it("a session of a client that can be asked for input takes the SDK path to a connector that may ask for it", async () => {
    const { client: plain, token } = await seedModernOnly();
    const asking = await connectSessionWithElicitation(token, () => ({ action: "decline" }));

    const contentTypes = [];
    for (const client of [plain, asking]) {
      const response = await postEcho(token, client);
      contentTypes.push(response.headers.get("content-type"));
      expect(await response.text()).toContain("v2:path");
    }
    // The fast path answers with JSON; the SDK session, which can ask on the request's stream, with events.
    expect(contentTypes).toEqual(["application/json", "text/event-stream"]);
  });
});
