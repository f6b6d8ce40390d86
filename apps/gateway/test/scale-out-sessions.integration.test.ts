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
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGatewayToken, internalToken } from "../src/testing/gateway-over-bridge.ts";
import { startGatewayProcess } from "../src/testing/gateway-process.ts";
import { postInitialize } from "../src/testing/probe-gateway.ts";
import { SharedSessions } from "../src/sessions/shared-sessions.ts";
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

/** A 1.x SDK session client on instance A; its POSTs that carry only JSON-RPC responses go to `answersTo`. */
async function connectSessionClient(token: string, options: { answersTo?: number; elicitation?: boolean } = {}) {
  const answerStatuses: number[] = [];
  const client = new Client(
    { name: "scale-out-asked", version: "1.0.0" },
    { capabilities: options.elicitation ? { elicitation: { form: {} } } : {} },
  );
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl(A)), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
    fetch: async (url, init) => {
      const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
      if (options.answersTo === undefined || init?.method !== "POST" || !isJSONRPCResponse(body)) {
        return fetch(url, init);
      }
      const answered = await fetch(mcpUrl(options.answersTo), init);
      answerStatuses.push(answered.status);
      return answered;
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
    const { client, answerStatuses } = await connectSessionClient(token, { answersTo: B, elicitation: true });
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
