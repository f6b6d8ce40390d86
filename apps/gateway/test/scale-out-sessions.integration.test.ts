import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, isJSONRPCResponse } from "@modelcontextprotocol/sdk/types.js";
import {
  createTestKeys,
  createTestPrisma,
  createTestSecretBox,
  resetDatabase,
  testDatabaseUrl,
  testRedisUrl,
} from "@switchboard/db/testing";
import { startTestProvider, type TestProvider } from "@switchboard/oauth/testing";
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGatewayToken, internalToken } from "../src/testing/gateway-over-bridge.ts";
import { startGatewayProcess } from "../src/testing/gateway-process.ts";
import { postInitialize, postInSession } from "../src/testing/probe-gateway.ts";
import { MAX_ANSWERS_PER_POST, SharedSessions } from "../src/sessions/shared-sessions.ts";
import { seedRemoteOAuthConnector } from "../src/testing/remote-connector.ts";
import { startV2StatelessServer } from "../src/testing/v2-stateless-server.ts";

// Issue 14, scale-out, the two gaps of shared sessions: a client's answer to the gateway's own
// question that a round-robin proxy sends to the other instance, and the per-token session cap
// counted across instances. Two gateway processes share Redis; each request is sent to the
// instance the test names, as a round-robin proxy may send it.
const keys = createTestKeys();
const secretBox = createTestSecretBox(keys);
const prisma = createTestPrisma();
const redis = new Redis(testRedisUrl);
const CAP = 2;

let provider: TestProvider;
let modernOnly: Awaited<ReturnType<typeof startV2StatelessServer>>;
let gateways: Awaited<ReturnType<typeof startGatewayProcess>>[] = [];
let userId: string;
const clients: Client[] = [];

beforeAll(async () => {
  await resetDatabase(prisma);
  await redis.flushdb();
  provider = await startTestProvider();
  modernOnly = await startV2StatelessServer({ legacy: "reject" });
  const seeded = await seedRemoteOAuthConnector(prisma, secretBox, provider, {
    slug: "remote-deploy",
    name: "Remote",
    url: `${modernOnly.url}/mcp`,
    transport: "streamable-http",
  });
  userId = seeded.userId;
  await prisma.connector.update({
    where: { id: seeded.connectorId },
    data: { tools: [{ name: "deploy", description: "Deploys after the user confirms", inputSchema: { type: "object" } }] }, // prettier-ignore
  });
  const env = {
    DATABASE_URL: testDatabaseUrl,
    SWITCHBOARD_ENCRYPTION_KEYS: keys.map(({ id, key }) => `${id}:${key.toString("base64")}`).join(","),
    REDIS_URL: testRedisUrl,
    RUNNER_INTERNAL_TOKEN: internalToken,
    SWITCHBOARD_ALLOW_INSECURE_HTTP: "true",
    SWITCHBOARD_ALLOWED_DESTINATIONS: "127.0.0.1",
    GATEWAY_MAX_SESSIONS_PER_TOKEN: String(CAP),
    LOG_LEVEL: "warn",
  };
  gateways = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await modernOnly?.close();
  await provider?.close();
  await redis.quit();
  await prisma.$disconnect();
});

const [A, B] = [0, 1];
const mcpUrl = (instance: number) => `${gateways[instance]!.url}/mcp`;

/**
 * A 1.x SDK session client; each of its HTTP requests goes to the instance `route` names for its
 * body (by default A), as a round-robin proxy may send it. The statuses of its POSTs that carry
 * only JSON-RPC responses (its answers to the gateway's questions) are recorded.
 */
async function connectSessionClient(
  token: string,
  options: { route?: (message: unknown) => number; elicitation?: boolean } = {},
) {
  const answerStatuses: number[] = [];
  const client = new Client(
    { name: "scale-out-asked", version: "1.0.0" },
    { capabilities: options.elicitation ? { elicitation: { form: {} } } : {} },
  );
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl(A)), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
    fetch: async (url, init) => {
      const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
      if (!options.route || init?.method !== "POST") return fetch(url, init);
      const routed = await fetch(mcpUrl(options.route(body)), init);
      if (isJSONRPCResponse(body)) answerStatuses.push(routed.status);
      return routed;
    },
  });
  await client.connect(transport);
  clients.push(client);
  return { client, transport, answerStatuses };
}

function initializeOn(instance: number, token: string) {
  return postInitialize(mcpUrl(instance), token);
}

describe("two gateway instances sharing sessions", () => {
  it("an answer to the gateway's question posted to the other instance reaches the instance that asked (a tool call, a prompt)", async () => {
    const { token } = await createGatewayToken(prisma, userId, "answer-elsewhere");
    const { client, answerStatuses } = await connectSessionClient(token, {
      route: (message) => (isJSONRPCResponse(message) ? B : A),
      elicitation: true,
    });
    // What crosses Redis between the instances: the answer may hold a secret the user typed.
    const watcher = redis.duplicate();
    const crossed: string[] = [];
    watcher.on("pmessage", (_pattern: string, _channel: string, message: string) => crossed.push(message));
    await watcher.psubscribe(`gateway:mcp-session-answers:${redis.options.db ?? 0}:*`);
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params.message);
      const content = request.params.message === "Who reviews?" ? { name: "Ada" } : { confirm: true };
      return { action: "accept", content };
    });

    // Without forwarding, B drops the answer and the request waits for the gateway's answer timeout.
    const prompt = await client.getPrompt({ name: "oauth_connector__review" }, { timeout: 10_000 });
    const result = await client.callTool({ name: "oauth_connector__deploy", arguments: { env: "prod" } }, undefined, {
      timeout: 10_000,
    });
    await watcher.quit();

    expect(asked).toEqual(["Who reviews?", "Deploy to prod?"]);
    expect(answerStatuses).toEqual([202, 202]);
    expect(crossed).toHaveLength(2);
    for (const message of crossed) {
      expect(message).toMatch(/"sealed":"sb1\./);
      expect(message).not.toMatch(/confirm|accept|Ada/);
    }
    expect(result.content).toEqual([{ type: "text", text: "deployed to prod (deploy:prod)" }]);
    expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Review by Ada" } }]);
  }, 30_000);

  it("finding: two instances asking one session's client at once each get their own answer, none waits for the answer timeout", async () => {
    const { token } = await createGatewayToken(prisma, userId, "two-askers");
    // One call per instance, and each answer to the instance that did not ask for it. Both
    // instances' SDK servers number their first question 0, and both are pending when the
    // answers arrive: an answer must reach its own question, not the other instance's or its id's twin.
    const { client, answerStatuses } = await connectSessionClient(token, {
      elicitation: true,
      route: (message) => {
        const { method, params, result } = message as {
          method?: string;
          params?: { arguments?: { env?: string } };
          result?: { content?: { confirm?: boolean } };
        };
        if (method === "tools/call") return params?.arguments?.env === "prod" ? A : B;
        if (isJSONRPCResponse(message)) return result?.content?.confirm ? B : A;
        return A;
      },
    });
    const asked: string[] = [];
    let bothAsked = () => {};
    const both = new Promise<void>((resolve) => (bothAsked = resolve));
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params.message);
      if (asked.length === 2) bothAsked();
      await Promise.race([both, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      // Yes to prod, no to staging: an answer given to the other question shows in the results.
      return { action: "accept", content: { confirm: request.params.message === "Deploy to prod?" } };
    });

    const calls = await Promise.allSettled(
      ["prod", "staging"].map((env) =>
        client.callTool({ name: "oauth_connector__deploy", arguments: { env } }, undefined, { timeout: 8_000 }),
      ),
    );

    expect(asked.toSorted()).toEqual(["Deploy to prod?", "Deploy to staging?"]);
    expect(answerStatuses).toEqual([202, 202]);
    expect(calls.map((call) => (call.status === "fulfilled" ? call.value.content : String(call.reason)))).toEqual([
      [{ type: "text", text: "deployed to prod (deploy:prod)" }],
      [{ type: "text", text: "cancelled" }],
    ]);
  }, 30_000);

  it("count a token's sessions together: over the cap on the other instance is refused, and ending one frees a slot", async () => {
    const { token } = await createGatewayToken(prisma, userId, "session-cap");
    const first = await initializeOn(A, token);
    const second = await initializeOn(B, token);
    expect([first.status, second.status]).toEqual([200, 200]);

    const third = await initializeOn(A, token);
    expect(third.status).toBe(429);
    expect(await third.json()).toEqual({
      error: "too_many_sessions",
      error_description: "This token has too many open sessions.",
    });

    // The client ends the first session on the other instance than the one that opened it.
    const ended = await fetch(mcpUrl(B), {
      method: "DELETE",
      headers: {
        authorization: `Bearer ${token}`,
        "mcp-session-id": first.headers.get("mcp-session-id")!,
        "mcp-protocol-version": "2025-11-25",
      },
    });
    expect(ended.status).toBe(200);
    const fourth = await initializeOn(A, token);
    expect(fourth.status).toBe(200);
  }, 30_000);

  it("a crashed instance's sessions free their slots when they would have expired; sessions in use keep theirs", async () => {
    // No instance ends these sessions, as when the one holding them was SIGKILLed.
    const idleMs = 1_000;
    const sessions = new SharedSessions(redis, idleMs, pino({ level: "silent" }), secretBox);
    expect(await sessions.claimSlot("crashed-token", "used", CAP)).toBe(true);
    expect(await sessions.claimSlot("crashed-token", "abandoned", CAP)).toBe(true);
    expect(await sessions.claimSlot("crashed-token", "refused", CAP)).toBe(false);

    await new Promise((resolve) => setTimeout(resolve, idleMs * 0.6));
    sessions.touch("used", "crashed-token");
    await new Promise((resolve) => setTimeout(resolve, idleMs * 0.6));

    expect(await sessions.claimSlot("crashed-token", "new", CAP)).toBe(true);
    expect(await sessions.claimSlot("crashed-token", "refused", CAP)).toBe(false);
    expect(await redis.zrange("gateway:mcp-token-sessions:crashed-token", 0, -1)).toEqual(["used", "new"]);
  });
});

describe("finding L1: one answer POST fanned out into tens of thousands of Redis publishes, seals and log lines", () => {
  const answerChannels = `gateway:mcp-session-answers:${redis.options.db ?? 0}:*`;
  const fakeAnswer = (id: string) => ({ jsonrpc: "2.0", id, result: { action: "decline" } });

  /** The answers forwarded between instances while `act` runs. */
  async function countForwarded(act: () => Promise<void>): Promise<number> {
    const watcher = redis.duplicate();
    let forwarded = 0;
    watcher.on("pmessage", () => forwarded++);
    await watcher.psubscribe(answerChannels);
    await act();
    // A publish reaches the watcher after the POST that made it has been answered.
    await redis.ping();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await watcher.quit();
    return forwarded;
  }

  /** A POST of answers alone (JSON-RPC responses) on the session, to one instance. */
  function postAnswers(instance: number, token: string, sessionId: string, answers: unknown[]) {
    return postInSession(gateways[instance]!.url, token, sessionId, answers, { "mcp-protocol-version": "2025-06-18" });
  }
  it("refuses a POST of thousands of answers with a 400 and a JSON-RPC error, publishing none of them", async () => {
    const { token } = await createGatewayToken(prisma, userId, "answer-flood");
    const opened = await initializeOn(A, token);
    const sessionId = opened.headers.get("mcp-session-id")!;
    await opened.body?.cancel();
    // Ids of the gateway's form, as if another instance had asked them all.
    const asker = randomUUID();
    const answers = Array.from({ length: 20_000 }, () => fakeAnswer(`${asker}:${randomUUID()}`));

    let refused: Response | undefined;
    const forwarded = await countForwarded(async () => {
      refused = await postAnswers(B, token, sessionId, answers);
    });

    expect(refused!.status).toBe(400);
    expect(await refused!.json()).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: {
        code: -32600,
        message: `Too many answers for other gateway instances in one request: at most ${MAX_ANSWERS_PER_POST} (this one has 20000).`,
      },
    });
    expect(forwarded).toBe(0);
  }, 30_000);

  it("forwards each answer once however often a POST repeats it, and at most the limit", async () => {
    const { token } = await createGatewayToken(prisma, userId, "answer-repeats");
    const opened = await initializeOn(A, token);
    const sessionId = opened.headers.get("mcp-session-id")!;
    await opened.body?.cancel();
    const asker = randomUUID();
    const ids = Array.from({ length: MAX_ANSWERS_PER_POST }, () => `${asker}:${randomUUID()}`);
    const answers = Array.from({ length: 10_000 }, (_, index) => fakeAnswer(ids[index % ids.length]!));

    let accepted: Response | undefined;
    const forwarded = await countForwarded(async () => {
      accepted = await postAnswers(B, token, sessionId, answers);
    });

    expect(accepted!.status).toBe(202);
    expect(forwarded).toBe(MAX_ANSWERS_PER_POST);
  }, 30_000);

  it("review (low): counts only the answers it must forward; more answers for the instance itself are not refused", async () => {
    const { token } = await createGatewayToken(prisma, userId, "answers-here");
    const opened = await initializeOn(A, token);
    const sessionId = opened.headers.get("mcp-session-id")!;
    await opened.body?.cancel();
    // Ids that name no other instance stay here (as a batch answering this instance's own questions would).
    const answers = Array.from({ length: MAX_ANSWERS_PER_POST + 4 }, (_, index) => fakeAnswer(`local-${index}`));

    let accepted: Response | undefined;
    const forwarded = await countForwarded(async () => {
      accepted = await postAnswers(A, token, sessionId, answers);
    });

    expect(accepted!.status).toBe(202);
    expect(forwarded).toBe(0);
  }, 30_000);

  it("logs answers that reach an instance and go nowhere once per minute with a count, not once per answer", async () => {
    const lines: { msg: string; omitted?: number }[] = [];
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as { msg: string; omitted?: number });
        done();
      },
    });
    const receiver = new SharedSessions(redis, 60_000, pino({ level: "warn" }, logs), secretBox);
    const received: unknown[] = [];
    await receiver.listen(
      () => undefined,
      (_id, answer) => received.push(answer),
    );
    const channel = `gateway:mcp-session-answers:${redis.options.db ?? 0}:${receiver.instanceId}`;
    for (let index = 0; index < 500; index++) {
      const sealed = index % 2 ? "sb1.not-a-seal" : undefined;
      await redis.publish(channel, JSON.stringify({ sessionId: "s", questionId: `q${index}`, ...(sealed && { sealed }) })); // prettier-ignore
    }
    await redis.ping();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await receiver.close();

    expect(received).toEqual([]);
    expect(lines.map((line) => line.msg).sort()).toEqual([
      "ignored a forwarded answer of an MCP client that does not open",
      "ignored a malformed forwarded answer of an MCP client",
    ]);
  });
});
