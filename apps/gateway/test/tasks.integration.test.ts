import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  GetTaskResultSchema,
  McpError,
  TaskStatusNotificationSchema,
  type Task,
} from "@modelcontextprotocol/sdk/types.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createTestPrisma, createTestSecretBox, resetDatabase, testDatabaseUrl } from "@switchboard/db/testing";
import { startTestProvider, type TestProvider } from "@switchboard/oauth/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGatewayHarness } from "../src/testing/harness.ts";
import { postStateless, readJsonRpcAnswer } from "../src/testing/probe-gateway.ts";
import { seedRemoteOAuthConnector } from "../src/testing/remote-connector.ts";
import { startTasksServer, TASKS_EXTENSION } from "../src/testing/tasks-server.ts";
import { startV1TasksServer } from "../src/testing/v1-tasks-server.ts";

// Issue 14: the gateway relays the MCP 2026-07-28 tasks extension (SEP-2663) of its upstreams.
const prisma = createTestPrisma();
const secretBox = createTestSecretBox();
let provider: TestProvider;
let harness: Awaited<ReturnType<typeof startGatewayHarness>>;
let upstream: Awaited<ReturnType<typeof startTasksServer>>;
let v1: Awaited<ReturnType<typeof startV1TasksServer>>;
const clients: Client[] = [];

beforeAll(async () => {
  provider = await startTestProvider();
  upstream = await startTasksServer();
  v1 = await startV1TasksServer();
  harness = await startGatewayHarness(prisma, testDatabaseUrl, {
    secretBox,
    remotePolicy: { allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] },
  });
});

afterAll(async () => {
  await harness.close();
  await upstream.close();
  await v1.close();
  await provider.close();
  await prisma.$disconnect();
});

beforeEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await resetDatabase(prisma);
  upstream.seen.length = 0;
  v1.seen.length = 0;
});

const REPORT = "oauth_connector__report";
const reportTool = { name: "report", description: "Writes a report", inputSchema: { type: "object" } };

async function seedTasksConnector(url = `${upstream.url}/mcp`, tools: object[] = [reportTool]) {
  const seeded = await seedRemoteOAuthConnector(prisma, secretBox, provider, {
    slug: "remote-tasks",
    name: "Reports",
    url,
    transport: "streamable-http",
  });
  await prisma.connector.update({ where: { id: seeded.connectorId }, data: { tools } });
  return { ...seeded, token: (await harness.createToken(seeded.userId)).token };
}

interface Answer {
  result?: Record<string, unknown> & { taskId?: string; status?: string };
  error?: { code: number; message: string; data?: unknown };
}

/** One raw 2026-07-28 request to the gateway (with or without the tasks extension); its JSON-RPC answer. */
async function send(token: string, method: string, params: Record<string, unknown>, tasks = true): Promise<Answer> {
  const capabilities = tasks ? { extensions: { [TASKS_EXTENSION]: {} } } : {};
  return (await postStateless(`${harness.gatewayUrl}/mcp`, token, method, params, capabilities)) as Answer;
}

/** The upstream's own id of the task it created last. */
const lastUpstreamTask = () => [...upstream.tasks.keys()].at(-1);

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
      taskId: lastUpstreamTask(),
    });

    const long = await startReport(token, 60);
    expect(await send(token, "tasks/cancel", { taskId: long })).toMatchObject({ result: { resultType: "complete" } });
    expect((await send(token, "tasks/get", { taskId: long })).result).toMatchObject({ taskId: long, status: "cancelled" }); // prettier-ignore
  });

  it("relays a task's question and the client's answer: input_required on tasks/get, tasks/update back upstream", async () => {
    const { token } = await seedTasksConnector(`${upstream.url}/mcp`, [reportTool, { ...reportTool, name: "approve" }]);
    const created = await send(token, "tools/call", { name: "oauth_connector__approve", arguments: {} });
    const taskId = created.result!.taskId!;
    expect((await send(token, "tasks/get", { taskId })).result).toMatchObject({
      taskId,
      status: "input_required",
      inputRequests: { confirm: { method: "elicitation/create", params: { message: "Approve?" } } },
    });

    const inputResponses = { confirm: { action: "accept", content: { ok: true } } };
    expect(await send(token, "tasks/update", { taskId, inputResponses })).toMatchObject({ result: { resultType: "complete" } }); // prettier-ignore
    expect(upstream.seen.at(-1)).toMatchObject({ method: "tasks/update", params: { taskId: lastUpstreamTask(), inputResponses } }); // prettier-ignore
    expect((await send(token, "tasks/get", { taskId })).result).toMatchObject({
      status: "completed",
      result: { content: [{ type: "text", text: "approved" }] },
    });
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
      [token, lastUpstreamTask()!], // forged: the upstream's own id
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

describe("a 2025-11-25 session client and a connector that offers tasks", () => {
  const v1Tools = [
    { ...reportTool, execution: { taskSupport: "required" } },
    { ...reportTool, name: "quick" },
  ];
  const connect = async (token: string) => {
    const client = await harness.connect(token);
    clients.push(client);
    return client;
  };
  const startV1Report = async (client: Client, seconds: number) => {
    const created = await client.request(
      { method: "tools/call", params: { name: REPORT, arguments: { seconds }, task: { ttl: 60_000 } } },
      CreateTaskResultSchema,
    );
    expect(created.task).toMatchObject({ status: "working", ttl: 60_000 });
    return created.task.taskId;
  };
  const getTask = (client: Client, taskId: string): Promise<Task> =>
    client.request({ method: "tasks/get", params: { taskId } }, GetTaskResultSchema);

  it("runs a connector's task: created under a gateway id, polled, its result fetched, another cancelled", async () => {
    const { token } = await seedTasksConnector(`${v1.url}/mcp`, v1Tools);
    const client = await connect(token);
    expect(client.getServerCapabilities()?.tasks).toEqual({ cancel: {}, requests: { tools: { call: {} } } });

    const taskId = await startV1Report(client, 0.3);
    expect(taskId).not.toContain(v1.created.at(-1));
    await expect.poll(async () => (await getTask(client, taskId)).status, { timeout: 3_000, interval: 100 }).toBe("completed"); // prettier-ignore
    expect(await getTask(client, taskId)).toMatchObject({ taskId, status: "completed" });
    const result = await client.request({ method: "tasks/result", params: { taskId } }, CallToolResultSchema);
    expect(result.content).toEqual([{ type: "text", text: "v1 report after 0.3s" }]);
    expect(result._meta?.["io.modelcontextprotocol/related-task"]).toEqual({ taskId });

    const long = await startV1Report(client, 60);
    const cancelled = await client.request({ method: "tasks/cancel", params: { taskId: long } }, GetTaskResultSchema);
    expect(cancelled).toMatchObject({ taskId: long, status: "cancelled" });
  });

  it("finding: a task's result names its resource links by gateway URI, like a call's result", async () => {
    const { token } = await seedTasksConnector(`${v1.url}/mcp`, v1Tools);
    const client = await connect(token);
    const created = await client.request(
      { method: "tools/call", params: { name: REPORT, arguments: { seconds: 0, link: "reports://1" }, task: { ttl: 60_000 } } }, // prettier-ignore
      CreateTaskResultSchema,
    );
    const result = await client.request({ method: "tasks/result", params: { taskId: created.task.taskId } }, CallToolResultSchema); // prettier-ignore
    expect(result.content[1]).toEqual({ type: "resource_link", uri: "switchboard://oauth_connector/reports%3A%2F%2F1", name: "report" }); // prettier-ignore
  });

  it("finding: the connector's task status notifications reach the session that created the task, under its id, and no other", async () => {
    const { token } = await seedTasksConnector(`${v1.url}/mcp`, v1Tools);
    const client = await connect(token);
    const bystander = await connect(token);
    const statuses: { taskId: string; status: string }[] = [];
    const overheard: unknown[] = [];
    client.setNotificationHandler(TaskStatusNotificationSchema, ({ params }) => void statuses.push(params));
    bystander.setNotificationHandler(TaskStatusNotificationSchema, ({ params }) => void overheard.push(params));

    const taskId = await startV1Report(client, 0.2);
    await expect.poll(() => statuses.map((status) => status.status), { timeout: 3_000, interval: 50 }).toEqual(["completed"]); // prettier-ignore
    expect(statuses[0]).toMatchObject({ taskId });
    // The upstream's own id never reaches the client.
    expect(JSON.stringify(statuses)).not.toContain(v1.created.at(-1));
    expect(overheard).toEqual([]);
  });

  it("finding: a connector that asks the client for sampling mid-call is refused at once, not left waiting out the call timeout", async () => {
    const { token } = await seedTasksConnector(`${v1.url}/mcp`, [{ ...reportTool, name: "summarize" }]);
    const client = await connect(token);
    const started = Date.now();
    const result = await client.callTool({ name: "oauth_connector__summarize", arguments: {} });
    expect(result).toMatchObject({ isError: true, content: [{ type: "text", text: expect.stringMatching(/^no summary: .*-32601/) }] }); // prettier-ignore
    expect(Date.now() - started).toBeLessThan(3_000);
  }, 10_000);

  it("a tasks/result that waits longer than the call timeout says so (the task goes on)", async () => {
    const { token } = await seedTasksConnector(`${v1.url}/mcp`, v1Tools);
    const quick = await startGatewayHarness(prisma, testDatabaseUrl, {
      secretBox,
      remotePolicy: { allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] },
      callTimeoutMs: 500,
    });
    try {
      const client = new Client({ name: "quick", version: "1.0.0" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${quick.gatewayUrl}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      clients.push(client);
      const taskId = await startV1Report(client, 60);
      const waited = client.request({ method: "tasks/result", params: { taskId } }, CallToolResultSchema);
      await expect(waited).rejects.toThrow(/did not finish within 0.5 s/);
      expect(await getTask(client, taskId)).toMatchObject({ taskId, status: "working" });
    } finally {
      await quick.close();
    }
  });

  it("refuses a task call to a tool that does not run as one, and offers no tasks/list", async () => {
    const { token } = await seedTasksConnector(`${v1.url}/mcp`, v1Tools);
    const client = await connect(token);
    const refused = client.request(
      { method: "tools/call", params: { name: "oauth_connector__quick", arguments: {}, task: { ttl: 1_000 } } },
      CreateTaskResultSchema,
    );
    await expect(refused).rejects.toMatchObject({ code: -32601 });
    const listed = await fetchJsonRpc(client, token, "tasks/list", {});
    expect(listed.error).toMatchObject({ code: -32601 });
    expect(v1.seen.filter((request) => request.method === "tools/call")).toEqual([]);
  });

  it("finding: a session's task id is refused to another token and when forged, and never forwarded", async () => {
    const { token, userId } = await seedTasksConnector(`${v1.url}/mcp`, v1Tools);
    const client = await connect(token);
    const other = await connect((await harness.createToken(userId)).token);
    const taskId = await startV1Report(client, 60);
    const upstreamId = v1.created.at(-1)!;
    const relayed = () => v1.seen.filter((request) => request.method?.startsWith("tasks/")).length;

    const before = relayed();
    for (const [caller, id] of [
      [other, taskId],
      [client, upstreamId],
    ] as const) {
      for (const method of ["tasks/get", "tasks/result", "tasks/cancel"]) {
        const refused = caller.request({ method, params: { taskId: id } }, GetTaskResultSchema);
        await expect(refused).rejects.toBeInstanceOf(McpError);
        await expect(refused).rejects.toMatchObject({ code: -32602 });
      }
    }
    expect(relayed()).toBe(before);
    expect(await getTask(client, taskId)).toMatchObject({ taskId, status: "working" });
  });
});

/** A raw request on the client's session, for a method the SDK client will not send to this server. */
async function fetchJsonRpc(client: Client, token: string, method: string, params: object) {
  const transport = client.transport as { sessionId?: string; protocolVersion?: string };
  const response = await fetch(`${harness.gatewayUrl}/mcp`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-session-id": transport.sessionId!,
      "mcp-protocol-version": transport.protocolVersion ?? "2025-11-25",
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 99, method, params }),
  });
  return (await readJsonRpcAnswer(response)) as Answer;
}
