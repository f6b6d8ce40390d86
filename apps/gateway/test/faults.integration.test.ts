import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import {
  createTestKeys,
  createTestPrisma,
  createTestSecretBox,
  resetDatabase,
  testDatabaseUrl,
} from "@switchboard/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBridgeHttpHandler } from "@switchboard/mcp-bridge";
import { createTestRunner, type TestRunner } from "@switchboard/runner/testing";
import { seedEverythingFixture } from "@switchboard/runner/testing";
import { enqueueConnectorJob } from "@switchboard/runner/testing";
import { startPrivateRedis, type PrivateRedis } from "@switchboard/runner/testing";
import { closeServer, createGatewayToken, internalToken, listen } from "../src/testing/gateway-over-bridge.ts";
import { startGatewayProcess } from "../src/testing/gateway-process.ts";
import { startMcpLoad, type FaultReport } from "../src/testing/mcp-load.ts";
import { startTcpProxy, throughProxy } from "../src/testing/tcp-proxy.ts";

// Issue 19: one connector's trouble never takes the gateway down, and the stack heals in seconds.
// Real parts: a runner (BullMQ, Docker, stdio bridges) with its bridge endpoint, the gateway as a
// child process (its database reached through a TCP proxy the test can cut), server-everything in
// a container, and MCP clients under load whose every answer is checked against its request.
const CLIENTS = 6;
const BRIDGE_IDLE_MS = 1_000;
// Issue 19's goal for a killed container and a restarted runner, asserted: a quiet 2-core CI
// machine measured 1.3 s and 0.3 s. (On a heavily loaded one, the container's own restart alone
// took 2–9 s.)
const RECOVERY_GOAL_MS = 3_000;
// Every other fault heals within this.
const RECOVERY_TIMEOUT_MS = 20_000;

const keys = createTestKeys();
const secretBox = createTestSecretBox(keys);
const prisma = createTestPrisma();
const target = new URL(testDatabaseUrl);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitForStatus(status: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await prisma.connector.findUnique({ where: { id: connectorId }, select: { status: true } });
    if (row?.status === status) return;
    if (Date.now() > deadline) throw new Error(`connector still ${row?.status}, not ${status}`);
    await sleep(100);
  }
}

// A runner id of its own: runners reconcile (and remove) the containers labelled with theirs.
const runnerId = `faults-${randomUUID().slice(0, 8)}`;
let runner: TestRunner;
let connectorId: string;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let gateway: Awaited<ReturnType<typeof startGatewayProcess>>;
let load: ReturnType<typeof startMcpLoad>;
const reports: FaultReport[] = [];
let closeBridgeEndpoint: () => Promise<void>;
let redis: PrivateRedis;
let runnerUrl: string;

/** The runner as a process would start, announcing the bridge endpoint in its heartbeat. */
function startRunner() {
  return createTestRunner(prisma, secretBox, { runnerId, redisUrl: redis.url, advertisedUrl: runnerUrl });
}

beforeAll(async () => {
  await resetDatabase(prisma);
  // A Redis of the suite's own (runner queues and heartbeats, the gateway's runner lookup), to restart.
  redis = await startPrivateRedis();
  // The runner's bridge endpoint as main.ts serves it, with an idle timeout short enough to pass.
  const handler = createBridgeHttpHandler({
    internalToken,
    resolveBridge: (id) => runner.ctx.bridges.get(id),
    sessionIdleMs: BRIDGE_IDLE_MS,
  });
  const bridgeServer = createServer((request, response) => void handler.handle(request, response));
  runnerUrl = await listen(bridgeServer);
  closeBridgeEndpoint = async () => {
    await handler.close();
    await closeServer(bridgeServer);
  };
  runner = await startRunner();

  const fixture = await seedEverythingFixture(prisma, secretBox, {
    image: runner.t.images.everything,
    apiKey: `sk-${randomUUID()}`,
  });
  connectorId = await fixture.createConnector();
  await enqueueConnectorJob(runner, "installation.start", connectorId);
  await waitForStatus("RUNNING");

  proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  gateway = await startGatewayProcess({
    DATABASE_URL: throughProxy(testDatabaseUrl, proxy.port),
    SWITCHBOARD_ENCRYPTION_KEYS: keys.map(({ id, key }) => `${id}:${key.toString("base64")}`).join(","),
    RUNNER_URL: runnerUrl,
    REDIS_URL: redis.url,
    RUNNER_INTERNAL_TOKEN: internalToken,
    GATEWAY_CALL_TIMEOUT_MS: "5000",
    LOG_LEVEL: "warn",
  });
  const { token } = await createGatewayToken(prisma, fixture.userId, "faults");
  load = startMcpLoad({ url: gateway.url, token, clients: CLIENTS, tool: "everything__echo" });
  // Cold start (sessions opening, first upstream connect) is not a fault.
  await load.waitForRecovery(performance.now(), 60_000);
});

afterAll(async () => {
  await load?.stop();
  await gateway?.stop();
  await proxy?.close();
  await closeBridgeEndpoint?.();
  await runner?.shutDown();
  if (connectorId) await runner?.t.runtime.remove(connectorId);
  await redis?.destroy();
  await prisma.$disconnect();
  console.log(
    `[faults] ${CLIENTS} MCP clients, every answer checked against its request:\n${reports
      .map(
        (r) =>
          `  ${r.fault.padEnd(34)} calls ${String(r.calls).padStart(5)}  failed ${String(r.failed).padStart(4)}  crossed ${r.crossed}  recovered in ${String(r.recoveryMs).padStart(5)} ms  ${JSON.stringify(r.failures)}`,
      )
      .join("\n")}`,
  );
});

/** Milliseconds from `since` (epoch) until the runner logged the connector RUNNING again. */
function runningAgainAfter(since: number): number | undefined {
  const line = runner.logOutput
    .map((text) => JSON.parse(text) as { time: number; connectorId?: string; status?: string })
    .find((entry) => entry.connectorId === connectorId && entry.status === "RUNNING" && entry.time >= since);
  return line ? line.time - since : undefined;
}

/** Injects a fault under load, waits until every client is served again, and reports. */
async function inject(fault: string, act: () => Promise<void>): Promise<FaultReport> {
  const since = performance.now();
  await act();
  try {
    await load.waitForRecovery(since, RECOVERY_TIMEOUT_MS);
  } catch (error) {
    const statuses = runner.logOutput.filter((line) => line.includes(connectorId)).slice(-8);
    throw new Error(
      `${fault}: ${String(error)}\n${JSON.stringify(load.report(fault, since))}\nrunner:\n${statuses.join("")}` +
        `gateway:\n${gateway.output.slice(-10).join("")}`,
      { cause: error },
    );
  }
  const report = load.report(fault, since);
  reports.push(report);
  expect(gateway.unexpectedExits, gateway.output.join("")).toEqual([]);
  expect(report.crossed).toBe(0);
  // Whatever failed, failed with a clear answer: never the gateway's own 500.
  expect(Object.keys(report.failures)).not.toContain("HTTP 500");
  return report;
}

describe("faults under MCP load", () => {
  it("serves the load without a failure before any fault", async () => {
    const report = await inject("none (2 s of load)", () => sleep(2_000));
    expect(report.failed).toBe(0);
    expect(report.calls).toBeGreaterThanOrEqual(CLIENTS);
  });

  it("a connector idle past the bridge's idle timeout: its next calls succeed on a fresh upstream session", async () => {
    await load.pause();
    await sleep(BRIDGE_IDLE_MS * 2.5);
    const report = await inject("connector idle past bridge timeout", async () => load.resume());
    expect(report.failed).toBe(0);
  });

  it("a killed container: the gateway keeps serving, and the connector is callable again", async () => {
    const killedAt = Date.now();
    const report = await inject("container killed (docker kill)", async () => {
      await runner.t.docker.getContainer(`sb-inst-${connectorId}`).kill();
    });
    const runningMs = runningAgainAfter(killedAt);
    console.log(
      `[faults] killed container: RUNNING again (runner) after ${runningMs} ms, callable through the gateway after ${report.recoveryMs} ms (goal ${RECOVERY_GOAL_MS} ms)`,
    );
    expect(report.recoveryMs).toBeLessThanOrEqual(RECOVERY_GOAL_MS);
  });

  it("a connector stopped and started from the UI (the same jobs): calls fail only while it is stopped", async () => {
    await prisma.connector.update({ where: { id: connectorId }, data: { desiredState: "STOPPED" } });
    await enqueueConnectorJob(runner, "installation.stop", connectorId);
    await waitForStatus("STOPPED");
    await sleep(500);
    await inject("connector started after a stop", async () => {
      await prisma.connector.update({
        where: { id: connectorId },
        data: { desiredState: "RUNNING", status: "QUEUED", statusReason: null, restartCount: 0 },
      });
      await enqueueConnectorJob(runner, "installation.start", connectorId);
    });
  });

  it("runner killed and restarted: it re-attaches the running connector and calls are served again", async () => {
    const report = await inject("runner killed + restarted", async () => {
      // Like SIGKILL: no job is waited for, the attach connections go with the process.
      await runner.shutDown({ abruptly: true });
      runner = await startRunner();
    });
    console.log(
      `[faults] runner restart: callable through the gateway after ${report.recoveryMs} ms (goal ${RECOVERY_GOAL_MS} ms)`,
    );
    expect(report.recoveryMs).toBeLessThanOrEqual(RECOVERY_GOAL_MS);
  });

  it("Redis killed and restarted: tool calls do not depend on it", async () => {
    const report = await inject("Redis killed + restarted", async () => {
      await redis.stop("SIGKILL");
      await sleep(1_000);
      await redis.start();
    });
    expect(report.failed).toBe(0);
  });

  it("gateway SIGKILL and restart: clients open new sessions and are served again", async () => {
    let restartMs = 0;
    await inject("gateway SIGKILL + restart", async () => {
      await gateway.kill();
      const started = performance.now();
      await gateway.start();
      restartMs = Math.round(performance.now() - started);
    });
    console.log(`[faults] the gateway process took ${restartMs} ms from spawn to healthy`);
  });

  it("a 3-second Postgres outage: 503s meanwhile, served again after, and no usage record lost", async () => {
    await load.pause();
    const windowStart = new Date();
    const okBefore = load.outcomes.length;
    load.resume();
    await inject("Postgres unreachable for 3 s", async () => {
      await proxy.cut();
      await sleep(3_000);
      await proxy.restore();
    });
    await load.pause();
    const windowEnd = new Date();
    // Every call the gateway answered with a tool result was recorded (none lost), and no record
    // stands for a call nobody made: at most one per call of the window, failed ones included (a
    // call can reach its tool and still get a 503 when the database goes away before its answer).
    const outcomes = load.outcomes.slice(okBefore);
    const answered = outcomes.filter((outcome) => outcome.kind === "ok" || outcome.kind === "tool_error");
    await gateway.stop();
    const recorded = await prisma.usageRecord.count({ where: { at: { gte: windowStart, lte: windowEnd } } });
    console.log(
      `[faults] Postgres outage: ${answered.length} answered calls of ${outcomes.length}, ${recorded} usage records`,
    );
    expect(recorded).toBeGreaterThanOrEqual(answered.length);
    expect(recorded).toBeLessThanOrEqual(outcomes.length);
    expect(reports.at(-1)!.failures).toHaveProperty(["HTTP 503"]);
  });
});
