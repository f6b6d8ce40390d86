import { createTestPrisma, createTestSecretBox, resetDatabase, testDatabaseUrl } from "@switchboard/db/testing";
import { startTestProvider, type TestProvider } from "@switchboard/oauth/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGatewayHarness } from "../src/testing/harness.ts";
import { seedRemoteOAuthConnector } from "../src/testing/remote-connector.ts";
import { startTasksServer, TASKS_EXTENSION } from "../src/testing/tasks-server.ts";

// Issue 14: the gateway relays the MCP 2026-07-28 tasks extension (SEP-2663) of its upstreams.
const prisma = createTestPrisma();
const secretBox = createTestSecretBox();
let provider: TestProvider;
let harness: Awaited<ReturnType<typeof startGatewayHarness>>;
let upstream: Awaited<ReturnType<typeof startTasksServer>>;

beforeAll(async () => {
  provider = await startTestProvider();
  upstream = await startTasksServer();
  harness = await startGatewayHarness(prisma, testDatabaseUrl, {
    secretBox,
    remotePolicy: { allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] },
  });
});

afterAll(async () => {
  await harness.close();
  await upstream.close();
  await provider.close();
  await prisma.$disconnect();
});

beforeEach(async () => {
  await resetDatabase(prisma);
  upstream.seen.length = 0;
});

const REPORT = "oauth_connector__report";
const reportTool = { name: "report", description: "Writes a report", inputSchema: { type: "object" } };

async function seedTasksConnector() {
  const seeded = await seedRemoteOAuthConnector(prisma, secretBox, provider, {
    slug: "remote-tasks",
    name: "Reports",
    url: `${upstream.url}/mcp`,
    transport: "streamable-http",
  });
  await prisma.connector.update({ where: { id: seeded.connectorId }, data: { tools: [reportTool] } });
  return { ...seeded, token: (await harness.createToken(seeded.userId)).token };
}

interface Answer {
  result?: Record<string, unknown> & { taskId?: string; status?: string };
  error?: { code: number; message: string; data?: unknown };
}

/** One raw 2026-07-28 request to the gateway (with or without the tasks extension); its JSON-RPC answer. */
async function send(token: string, method: string, params: Record<string, unknown>, tasks = true): Promise<Answer> {
  const name = (params.name ?? params.taskId) as string | undefined;
  const response = await fetch(`${harness.gatewayUrl}/mcp`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": method,
      ...(name === undefined ? {} : { "mcp-name": name }),
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method,
      params: {
        ...params,
        _meta: {
          "io.modelcontextprotocol/protocolVersion": "2026-07-28",
          "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1.0.0" },
          "io.modelcontextprotocol/clientCapabilities": tasks ? { extensions: { [TASKS_EXTENSION]: {} } } : {},
        },
      },
    }),
  });
  const text = await response.text();
  const json = response.headers.get("content-type")?.includes("text/event-stream")
    ? text
        .split("\n")
        .find((line) => line.startsWith("data: "))!
        .slice(6)
    : text;
  return JSON.parse(json) as Answer;
}

const startReport = async (token: string, seconds: number) => {
  const created = await send(token, "tools/call", { name: REPORT, arguments: { seconds } });
  expect(created.result).toMatchObject({ resultType: "task", status: "working", ttlMs: 60_000 });
  return created.result!.taskId!;
};

describe("a 2026-07-28 client and a connector that offers tasks", () => {
  it("sees the tasks extension, gets the connector's task under a gateway id, polls it to its result and cancels another", async () => {
    const { token } = await seedTasksConnector();
    const discovered = await send(token, "server/discover", {});
    expect(discovered.result?.capabilities).toMatchObject({ extensions: { [TASKS_EXTENSION]: {} } });

    const taskId = await startReport(token, 0.3);
    expect(taskId).not.toContain("upstream-task");
    expect(upstream.seen.at(-1)).toMatchObject({ method: "tools/call", params: { name: "report" } });
    const polled = await send(token, "tasks/get", { taskId });
    expect(polled.result).toMatchObject({ taskId, status: "working", resultType: "complete" });
    await expect
      .poll(async () => (await send(token, "tasks/get", { taskId })).result, { timeout: 3_000, interval: 100 })
      .toMatchObject({
        taskId,
        status: "completed",
        result: { content: [{ type: "text", text: "report after 0.3s" }] },
      });
    expect(upstream.seen.filter((request) => request.method === "tasks/get").at(-1)?.params).toMatchObject({
      taskId: "upstream-task-1",
    });

    const long = await startReport(token, 60);
    expect(await send(token, "tasks/cancel", { taskId: long })).toMatchObject({ result: { resultType: "complete" } });
    expect((await send(token, "tasks/get", { taskId: long })).result).toMatchObject({ taskId: long, status: "cancelled" }); // prettier-ignore
  });

  it("answers a client that did not opt into tasks at once, and refuses it tasks/* with -32021", async () => {
    const { token } = await seedTasksConnector();
    const taskId = await startReport(token, 60);

    const sync = await send(token, "tools/call", { name: REPORT, arguments: { seconds: 0 } }, false);
    expect(sync.result).toMatchObject({ resultType: "complete", content: [{ type: "text", text: "report after 0s" }] });
    for (const method of ["tasks/get", "tasks/cancel"]) {
      const refused = await send(token, method, { taskId }, false);
      expect(refused.error).toMatchObject({
        code: -32021,
        data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
      });
    }
    // Removed from the extension on 2026-07-28 (SEP-2663): method not found.
    expect((await send(token, "tasks/list", {})).error).toMatchObject({ code: -32601 });
    expect((await send(token, "tasks/result", { taskId })).error).toMatchObject({ code: -32601 });
  });

  it("finding: a task id is bound to the token and connector it was created for; a forged, tampered or moved one is refused, never forwarded", async () => {
    const { token, userId, connectorId } = await seedTasksConnector();
    const other = (await harness.createToken(userId)).token;
    const taskId = await startReport(token, 60);
    const relayed = () => upstream.seen.filter((request) => request.method?.startsWith("tasks/")).length;

    const before = relayed();
    for (const [bearer, id] of [
      [token, "upstream-task-1"], // forged: the upstream's own id
      [token, `${taskId.slice(0, -4)}AAAA`], // tampered
      [other, taskId], // another token of the same user
    ] as const) {
      for (const method of ["tasks/get", "tasks/cancel"]) {
        expect((await send(bearer, method, { taskId: id })).error).toMatchObject({ code: -32602 });
      }
    }
    expect(relayed()).toBe(before);
    expect((await send(token, "tasks/get", { taskId })).result).toMatchObject({ taskId, status: "working" });

    // The connector sealed in the id is no longer the token's to use: its tasks are gone with it.
    await prisma.connector.update({ where: { id: connectorId }, data: { status: "STOPPED" } });
    await expect
      .poll(async () => (await send(token, "tasks/get", { taskId })).error, { timeout: 3_000, interval: 100 })
      .toMatchObject({ code: -32602 });
    const afterStop = relayed();
    expect((await send(token, "tasks/cancel", { taskId })).error).toMatchObject({ code: -32602 });
    expect(relayed()).toBe(afterStop);
  });
});
