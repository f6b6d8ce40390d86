import { createTestPrisma, resetDatabase, seedCatalogEntry, seedUser, testDatabaseUrl } from "@switchboard/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echoTool, shapedTool, slowTool, startGatewayHarness } from "../src/testing/harness.ts";
import type { createEchoServer } from "../src/testing/echo-server.ts";
import { startV2StatelessServer } from "../src/testing/v2-stateless-server.ts";

// Issues 14 and 17: plain 2026-07-28 tool calls and lists are answered without the SDK's
// per-request server, and the answers must be the SDK's own. Two gateways over the same database
// and the same upstream answers, one with the fast path and one without, get the same requests.
const prisma = createTestPrisma();
let fast: Awaited<ReturnType<typeof startGatewayHarness>>;
let sdk: Awaited<ReturnType<typeof startGatewayHarness>>;
let token: string;
let waiting: { started: number; cancelled: number };
let fastEcho: ReturnType<typeof createEchoServer>;
let sdkEcho: ReturnType<typeof createEchoServer>;
let modernOnly: Awaited<ReturnType<typeof startV2StatelessServer>>;

const META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1.0.0" },
  "io.modelcontextprotocol/clientCapabilities": { elicitation: { form: {} }, roots: {} },
};
const HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": "2026-07-28",
};

beforeAll(async () => {
  const remotePolicy = { allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] };
  [fast, sdk, modernOnly] = await Promise.all([
    startGatewayHarness(prisma, testDatabaseUrl, { remotePolicy }),
    startGatewayHarness(prisma, testDatabaseUrl, { statelessFastPath: false, remotePolicy }),
    startV2StatelessServer({ legacy: "reject" }),
  ]);
  await resetDatabase(prisma);
  const user = await seedUser(prisma);
  const entry = await seedCatalogEntry(prisma);
  const tools = [echoTool, slowTool, { ...shapedTool, execution: { taskSupport: "optional" } }];
  const connector = await prisma.connector.create({
    data: { catalogEntryId: entry.id, name: "Notes", status: "RUNNING", tools, scope: "PERSONAL", ownerUserId: user.id }, // prettier-ignore
  });
  // Each gateway reaches its own bridge to an echo server of the same label: the same answers.
  fastEcho = await fast.startEchoBridge(connector.id, "notes");
  sdkEcho = await sdk.startEchoBridge(connector.id, "notes");
  ({ waiting } = fastEcho);
  // A remote server that speaks only 2026-07-28: its results carry resultType and its own identity.
  const remote = await seedCatalogEntry(prisma, "modern-only", {
    type: "remote",
    url: `${modernOnly.url}/mcp`,
    transport: "streamable-http",
  });
  await prisma.connector.create({
    data: { catalogEntryId: remote.id, name: "Modern", status: "RUNNING", tools: [echoTool], scope: "PERSONAL", ownerUserId: user.id }, // prettier-ignore
  });
  token = (await fast.createToken(user.id)).token;
});

afterAll(async () => {
  await Promise.all([fast.close(), sdk.close(), modernOnly.close()]);
  await prisma.$disconnect();
});

function call(name: string, args: unknown, id: number | string = 1) {
  return {
    headers: { ...HEADERS, "mcp-method": "tools/call", "mcp-name": name },
    body: { jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args, _meta: META } },
  };
}

const list = (params: Record<string, unknown> = {}) => ({
  headers: { ...HEADERS, "mcp-method": "tools/list" },
  body: { jsonrpc: "2.0", id: "list-1", method: "tools/list", params: { ...params, _meta: META } },
});

async function post(gatewayUrl: string, { headers, body }: { headers: Record<string, string>; body: unknown }) {
  const response = await fetch(`${gatewayUrl}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    // The fast path sends one body with its length; the SDK's answers arrive as a stream.
    direct: response.headers.has("content-length"),
    body: await response.text(),
  };
}

/** The same request to both gateways: the same status, content type and body, byte for byte. */
async function expectSameAnswer(request: { headers: Record<string, string>; body: unknown }, takenByFastPath: boolean) {
  const [viaFastPath, viaSdk] = await Promise.all([post(fast.gatewayUrl, request), post(sdk.gatewayUrl, request)]);
  expect(viaSdk.direct).toBe(false);
  expect(viaFastPath.direct).toBe(takenByFastPath);
  expect({ ...viaFastPath, direct: undefined }).toEqual({ ...viaSdk, direct: undefined });
  return JSON.parse(viaFastPath.body) as { result?: Record<string, unknown>; error?: { code: number } };
}

describe("the 2026-07-28 fast path answers as the SDK handler does", () => {
  it("a plain tool call, with a number or a string id", async () => {
    const answer = await expectSameAnswer(call("notes__echo", { message: "hi" }), true);
    expect(answer.result).toMatchObject({ content: [{ type: "text", text: "notes:hi" }], resultType: "complete" });
    await expectSameAnswer(call("notes__echo", { message: "hi" }, "call-7"), true);
  });

  it("a tool call without arguments, a tool error and structured content", async () => {
    const invalid = await expectSameAnswer(call("notes__echo", undefined), true);
    expect(invalid.result).toMatchObject({ isError: true });
    await expectSameAnswer(call("notes__shaped", { shape: "structured" }), true);
  });

  it("a call to a server that speaks only 2026-07-28, whose result keeps that server's identity", async () => {
    const answer = await expectSameAnswer(call("modern__echo", { message: "hi" }), true);
    expect(answer.result).toMatchObject({ content: [{ type: "text", text: "v2:hi" }], resultType: "complete" });
    expect(answer.result!._meta).toEqual({ "io.modelcontextprotocol/serverInfo": { name: "v2-stateless", version: "1.0.0" } }); // prettier-ignore
    const invalid = await expectSameAnswer(call("modern__echo", {}), true);
    expect(invalid.result).toMatchObject({ isError: true });
  });

  it("a call with trace context and other client _meta keys, which reach both kinds of upstream; the envelope upstream is the gateway's", async () => {
    const clientKeys = {
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      tracestate: "vendor=value",
      "example.com/request": "r-1",
    };
    const traced = (name: string) => {
      const request = call(name, { message: "hi" });
      return { ...request, body: { ...request.body, params: { ...request.body.params, _meta: { ...META, ...clientKeys } } } }; // prettier-ignore
    };
    fastEcho.metas.length = sdkEcho.metas.length = 0;
    await expectSameAnswer(traced("notes__echo"), true);
    for (const metas of [fastEcho.metas, sdkEcho.metas]) {
      expect(metas).toHaveLength(1);
      expect(metas[0]).toMatchObject(clientKeys);
      expect(metas[0]).not.toHaveProperty(["io.modelcontextprotocol/clientInfo"]);
    }
    const before = modernOnly.seen.length;
    await expectSameAnswer(traced("modern__echo"), true);
    const calls = modernOnly.seen.slice(before).filter((request) => request.method === "tools/call");
    expect(calls).toHaveLength(2);
    for (const { params } of calls) {
      expect(params?._meta).toMatchObject({
        ...clientKeys,
        "io.modelcontextprotocol/clientInfo": { name: "switchboard-gateway" },
      });
    }
  });

  it("an unknown tool (the gateway's JSON-RPC error)", async () => {
    const answer = await expectSameAnswer(call("notes__missing", {}), true);
    expect(answer.error).toMatchObject({ code: -32602 });
  });

  it("a result it cannot write the same way is answered by the SDK, without calling the tool twice", async () => {
    const answer = await expectSameAnswer(call("notes__shaped", { shape: "rich" }), false);
    expect(answer.result).toMatchObject({ _meta: { "example.com/trace": "notes" } });
  });

  it("the tool list, with its cache hint, without the fields 2026-07-28 deleted", async () => {
    const answer = await expectSameAnswer(list(), true);
    expect(answer.result).toMatchObject({ ttlMs: 5_000, cacheScope: "private" });
    expect((answer.result!.tools as object[])[1]).not.toHaveProperty("execution");
    await expectSameAnswer(list(), true);
  });

  it("leaves unusual requests and every refusal to the SDK", async () => {
    const echo = call("notes__echo", { message: "hi" });
    const withParams = (params: Record<string, unknown>) => ({
      ...echo,
      body: { ...echo.body, params: { ...echo.body.params, ...params } },
    });
    const withHeaders = (headers: Record<string, string>) => ({ ...echo, headers: { ...echo.headers, ...headers } });
    const { "mcp-name": _name, ...withoutName } = echo.headers;
    const { accept: _accept, ...withoutAccept } = echo.headers;
    const unusual = [
      withParams({ _meta: { ...META, progressToken: 7 } }),
      withParams({ arguments: null }),
      withParams({ requestState: "opaque" }),
      withParams({ _meta: { ...META, "io.modelcontextprotocol/protocolVersion": "2099-01-01" } }),
      withParams({ _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28" } }),
      withParams({ _meta: { ...META, "io.modelcontextprotocol/clientCapabilities": { roots: "yes" } } }),
      withParams({ _meta: { ...META, "io.modelcontextprotocol/logLevel": "loud" } }),
      { ...echo, headers: withoutName },
      withHeaders({ "mcp-name": "notes__other" }),
      withHeaders({ "mcp-name": `=?base64?${Buffer.from("notes__echo").toString("base64")}?=` }),
      withHeaders({ "mcp-method": "tools/list" }),
      withHeaders({ "content-type": "text/plain" }),
      { ...echo, body: { ...echo.body, id: 1.5 } },
      { ...echo, body: [echo.body] },
      list({ cursor: "next" }),
    ];
    for (const request of unusual) await expectSameAnswer(request, false);
    // The modern handler does not look at Accept; neither does the fast path.
    await expectSameAnswer({ ...echo, headers: withoutAccept }, true);
  });
});

it("cancels the upstream call when the 2026-07-28 client goes away", async () => {
  const controller = new AbortController();
  const request = call("notes__slow", { wait: true });
  const response = fetch(`${fast.gatewayUrl}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...request.headers },
    body: JSON.stringify(request.body),
    signal: controller.signal,
  });
  await expect.poll(() => waiting.started, { timeout: 3_000 }).toBe(1);
  controller.abort();
  await expect(response).rejects.toThrow();
  await expect.poll(() => waiting.cancelled, { timeout: 3_000 }).toBe(1);
});
