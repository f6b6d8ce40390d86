import { createServer } from "node:http";
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  createTestKeys,
  createTestPrisma,
  resetDatabase,
  seedCatalogEntry,
  seedUser,
  testDatabaseUrl,
  testRedisUrl,
} from "@switchboard/db/testing";
import { createBridgeHttpHandler, StdioBridge } from "@switchboard/mcp-bridge";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEchoServer, echoTool } from "../src/testing/echo-server.ts";
import { closeServer, createGatewayToken, internalToken, listen } from "../src/testing/gateway-over-bridge.ts";
import { startGatewayProcess } from "../src/testing/gateway-process.ts";
import { startRoundRobinProxy } from "../../../test/support/start-round-robin-proxy.ts";

// Issue 14, scale-out: two gateway processes behind HAProxy balancing every request round-robin
// (no stickiness). 20 session clients (2025-11-25, the 1.x SDK) and 20 stateless clients
// (2026-07-28, the v2 SDK) call a tool without pause for RUN_MS; halfway, one gateway is
// SIGKILLed. Every answer is checked against its request, and every run of the tool is counted.
/** The issue asks for 30 s; SCALE_OUT_RUN_MS shortens it for a local run. */
const RUN_MS = Number(process.env.SCALE_OUT_RUN_MS ?? 30_000);
const CLIENTS_PER_GENERATION = 20;
const CALL_TIMEOUT_MS = 10_000;

const keys = createTestKeys();
const prisma = createTestPrisma();
const redis = new Redis(testRedisUrl);

type Generation = "2025-11-25" | "2026-07-28";
interface Outcome {
  client: string;
  message: string;
  generation: Generation;
  startedAt: number;
  endedAt: number;
  kind: "ok" | "failed" | "crossed";
  failure?: string;
}
interface EchoClient {
  call(message: string, timeoutMs?: number): Promise<string | undefined>;
  close(): Promise<void>;
}

let bridge: StdioBridge;
let runner: ReturnType<typeof createServer>;
let closeBridges: () => Promise<void>;
let gateways: Awaited<ReturnType<typeof startGatewayProcess>>[] = [];
let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>>;
let token: string;
/** How many times each echo message reached the connector's server (a call run twice shows 2). */
const runs = new Map<string, number>();

beforeAll(async () => {
  await resetDatabase(prisma);
  await redis.flushdb();
  const user = await seedUser(prisma);
  const entry = await seedCatalogEntry(prisma);
  const connector = await prisma.connector.create({
    data: { catalogEntryId: entry.id, name: "Notes", status: "RUNNING", tools: [echoTool], scope: "PERSONAL", ownerUserId: user.id }, // prettier-ignore
  });
  token = (await createGatewayToken(prisma, user.id, "scale-out")).token;

  // The runner's bridge endpoint, with an in-process echo server behind the connector's bridge.
  const echo = createEchoServer("notes");
  const [bridgeSide, serverSide] = InMemoryTransport.createLinkedPair();
  const send = bridgeSide.send.bind(bridgeSide);
  bridgeSide.send = (message, options) => {
    if ("method" in message && message.method === "tools/call") {
      const text = (message.params?.arguments as { message?: unknown } | undefined)?.message;
      if (typeof text === "string") runs.set(text, (runs.get(text) ?? 0) + 1);
    }
    return send(message, options);
  };
  await echo.server.connect(serverSide);
  bridge = new StdioBridge(bridgeSide);
  await bridge.start();
  const handler = createBridgeHttpHandler({
    internalToken,
    resolveBridge: (id) => (id === connector.id ? bridge : undefined),
  });
  runner = createServer((request, response) => void handler.handle(request, response));
  const runnerUrl = await listen(runner);
  closeBridges = () => handler.close();

  const env = {
    DATABASE_URL: testDatabaseUrl,
    SWITCHBOARD_ENCRYPTION_KEYS: keys.map(({ id, key }) => `${id}:${key.toString("base64")}`).join(","),
    RUNNER_URL: runnerUrl,
    REDIS_URL: testRedisUrl,
    RUNNER_INTERNAL_TOKEN: internalToken,
    GATEWAY_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS),
    LOG_LEVEL: "warn",
  };
  gateways = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
  proxy = await startRoundRobinProxy(gateways.map((gateway) => gateway.url));
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await closeBridges?.();
  if (runner) await closeServer(runner);
  await bridge?.close();
  await redis.quit();
  await prisma.$disconnect();
});

const endpoint = () => new URL(`${proxy.url}/mcp`);
const headers = () => ({ authorization: `Bearer ${token}` });
/** The first text of a tool result (results of both SDK generations; the 1.x one also types legacy `toolResult`). */
const textOf = (result: object) =>
  ("content" in result ? (result.content as { text?: string }[]) : undefined)?.[0]?.text;

async function connectSessionClient(): Promise<EchoClient> {
  const client = new Client({ name: "scale-out-2025", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(endpoint(), { requestInit: { headers: headers() } }));
  return {
    call: async (message, timeoutMs = CALL_TIMEOUT_MS) =>
      textOf(await client.callTool({ name: "notes__echo", arguments: { message } }, undefined, { timeout: timeoutMs })),
    close: () => client.close(),
  };
}

async function connectStatelessClient(): Promise<EchoClient> {
  const client = new ModernClient(
    { name: "scale-out-2026", version: "1.0.0" },
    { versionNegotiation: { mode: { pin: "2026-07-28" } } },
  );
  await client.connect(new ModernTransport(endpoint(), { requestInit: { headers: headers() } }));
  return {
    call: async (message, timeoutMs = CALL_TIMEOUT_MS) =>
      textOf(await client.callTool({ name: "notes__echo", arguments: { message } }, { timeout: timeoutMs })),
    close: () => client.close(),
  };
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  const because = cause instanceof Error ? ` (${cause.message})` : "";
  return `${error.constructor.name}${code === undefined ? "" : ` ${String(code)}`}: ${error.message}${because}`;
}

/** Calls until `until` with the same client throughout: no reconnects beyond what the SDK itself does. */
async function callUntil(name: string, generation: Generation, client: EchoClient, until: number, into: Outcome[]) {
  for (let sequence = 0; performance.now() < until; sequence += 1) {
    const message = `${name}-call-${sequence}`;
    const startedAt = performance.now();
    try {
      const text = await client.call(message);
      const kind = text === `notes:${message}` ? "ok" : "crossed";
      into.push({ client: name, message, generation, startedAt, endedAt: performance.now(), kind });
    } catch (error) {
      into.push({
        client: name,
        message,
        generation,
        startedAt,
        endedAt: performance.now(),
        kind: "failed",
        failure: describeFailure(error),
      });
    }
  }
}

async function sessionsOn(gateway: { url: string }): Promise<number> {
  const health = (await (await fetch(`${gateway.url}/health`)).json()) as { sessions: number };
  return health.sessions;
}

describe("two gateways behind a round-robin proxy", () => {
  it(
    "serve 20 session and 20 stateless clients; one is SIGKILLed mid-run and every client carries on through the other",
    async () => {
      const clients = await Promise.all([
        ...Array.from({ length: CLIENTS_PER_GENERATION }, async (_, index) => ({
          name: `session-${index}`,
          generation: "2025-11-25" as const,
          client: await connectSessionClient(),
        })),
        ...Array.from({ length: CLIENTS_PER_GENERATION }, async (_, index) => ({
          name: `stateless-${index}`,
          generation: "2026-07-28" as const,
          client: await connectStatelessClient(),
        })),
      ]);
      // Cold start (both instances' first upstream connection, 40 first calls at once) is not the
      // fault under test: a loaded machine took over 10 s for it.
      const warmUp = await Promise.all(clients.map(({ name, client }) => client.call(`${name}-warm-up`, 60_000)));
      expect(warmUp).toEqual(clients.map(({ name }) => `notes:${name}-warm-up`));
      const outcomes: Outcome[] = [];
      const startedAt = performance.now();
      const until = startedAt + RUN_MS;
      const running = Promise.all(
        clients.map(({ name, generation, client }) => callUntil(name, generation, client, until, outcomes)),
      );

      await new Promise((resolve) => setTimeout(resolve, RUN_MS / 2));
      // Both instances served the session clients: each holds sessions (opened there or taken over).
      const sessionsBefore = await Promise.all(gateways.map(sessionsOn));
      const killedAt = performance.now();
      await gateways[0]!.kill();
      // When the test saw the process gone (the kill takes a while on a loaded machine).
      const deadAt = performance.now();
      await running;
      await Promise.all(clients.map(({ client }) => client.close().catch(() => undefined)));

      const failed = outcomes.filter((outcome) => outcome.kind === "failed");
      const ranTwice = outcomes.filter((outcome) => (runs.get(outcome.message) ?? 0) > 1);
      const summary = {
        runMs: RUN_MS,
        calls: outcomes.length,
        perGeneration: Object.fromEntries(
          (["2025-11-25", "2026-07-28"] as const).map((generation) => [
            generation,
            outcomes.filter((outcome) => outcome.generation === generation && outcome.kind === "ok").length,
          ]),
        ),
        sessionsBefore,
        killTookMs: Math.round(deadAt - killedAt),
        failed: failed.map(({ client, startedAt: at, endedAt, failure }) => ({
          client,
          startedMsBeforeKill: Math.round(killedAt - at),
          endedMsAfterKill: Math.round(endedAt - killedAt),
          failure,
        })),
        // Calls the killed instance had started, run again by the proxy's retry on the other one.
        ranTwice: ranTwice.map(({ message, startedAt: at }) => ({
          message,
          runs: runs.get(message),
          startedMsBeforeKill: Math.round(killedAt - at),
        })),
      };
      console.log(`[scale-out] ${JSON.stringify(summary, null, 2)}`);
      if (failed.length > 0) console.log(gateways.map((gateway) => gateway.output.join("")).join("\n---\n"));

      // Every answer is the one to its own request.
      expect(outcomes.filter((outcome) => outcome.kind === "crossed")).toEqual([]);
      // No call started after the kill was lost: the killed process could not have run it, so the
      // proxy sent it on to the live instance (before, HAProxy silently closed the connection of
      // every call it had sent to the dying instance, and fetch does not resend a POST).
      expect(summary.failed.filter((failure) => failure.startedMsBeforeKill < 0)).toEqual([]);
      // The price of that retry: a call in flight on the killed instance may run twice, never a
      // call started after the kill, and never more than twice.
      expect(summary.ranTwice.filter((call) => call.startedMsBeforeKill < 0 || call.runs !== 2)).toEqual([]);
      // Both instances held every session client's session before the kill.
      expect(sessionsBefore.every((count) => count >= 1)).toBe(true);
      for (const { name } of clients) {
        const own = outcomes.filter((outcome) => outcome.client === name);
        const beforeKill = own.filter((outcome) => outcome.endedAt < killedAt);
        const afterKill = own.filter((outcome) => outcome.startedAt > deadAt);
        // Served before the kill without a failure, …
        expect(beforeKill.length, name).toBeGreaterThan(0);
        expect(
          beforeKill.every((outcome) => outcome.kind === "ok"),
          name,
        ).toBe(true);
        // … at most the one call in flight on the killed instance failed (one whose answer had
        // begun, which no proxy may resend), with the proxy's 502 or the dropped connection, …
        const ownFailures = own.filter((outcome) => outcome.kind === "failed");
        expect(ownFailures.length, name).toBeLessThanOrEqual(1);
        for (const failure of ownFailures) {
          expect(failure.startedAt, name).toBeLessThan(killedAt);
          expect(failure.failure, name).toMatch(/502 Bad Gateway|fetch failed/);
        }
        // … and every call started after the kill succeeded, through the same client.
        expect(afterKill.length, name).toBeGreaterThan(0);
        expect(
          afterKill.every((outcome) => outcome.kind === "ok"),
          name,
        ).toBe(true);
      }
      expect(gateways[1]!.unexpectedExits).toEqual([]);
    },
    RUN_MS + 60_000,
  );
});
