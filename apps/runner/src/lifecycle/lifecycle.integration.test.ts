import { randomUUID } from "node:crypto";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createTestPrisma, createTestSecretBox, resetDatabase } from "@switchboard/db/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_SECRETS_DIR } from "../runtime/testing/create-test-runtime.ts";
import { serveBridgeEndpoint } from "../testing/bridge-endpoint.ts";
import type { BridgeEndpoint } from "../testing/bridge-endpoint.ts";
import { TEST_REDIS_URL, TEST_RUNNER_ID, createTestRunner } from "../testing/create-test-runner.ts";
import type { TestRunner } from "../testing/create-test-runner.ts";
import { seedEverythingFixture } from "../testing/everything-fixture.ts";
import type { EverythingFixture } from "../testing/everything-fixture.ts";
import { containersOf, enqueueConnectorJob, pollStatus } from "../testing/connector-steps.ts";
import { reconcileRunner } from "./reconcile-runner.ts";

const prisma = createTestPrisma();
const secretBox = createTestSecretBox();
const API_KEY = `sk-live-${randomUUID()}-never-log`;
// server-everything 2026.8.31 registers these on a stdio connection (see docker-runtime.integration.test.ts).
const EVERYTHING_TOOL_COUNT = 13;
// Issue 19: the connectors of a restarted runner answer again within 3 s, and so does a killed one.
// The kill's recovery is mostly Docker starting the container and Node booting the server again
// (~1.5 s and ~1 s on a 2-core machine under load 8-14): the test allows it 5 s so that a busy
// machine does not fail it; the time is printed for the 3 s goal.
const RECOVERY_BUDGET_MS = 3_000;
const KILL_RECOVERY_BUDGET_MS = 5_000;

let runner: TestRunner;
let fixture: EverythingFixture;
let endpoint: BridgeEndpoint;

beforeAll(async () => {
  const redis = new Redis(TEST_REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
  await resetDatabase(prisma);
  runner = await createTestRunner(prisma, secretBox);
  fixture = await seedEverythingFixture(prisma, secretBox, { image: runner.t.images.everything, apiKey: API_KEY });
  endpoint = await serveBridgeEndpoint((connectorId) => runner.ctx.bridges.get(connectorId));
});

afterAll(async () => {
  await endpoint.close();
  await runner.shutDown();
  for (const id of fixture.created) await runner.t.runtime.remove(id);
  await prisma.$disconnect();
});

/** When (ms after `since`) the runner began the restart, started the container and saw the server healthy. */
function describePhases(id: string, since: number): string {
  const lines = [...runner.logOutput, ...runner.t.logOutput]
    .map((text) => JSON.parse(text) as { time: number; connectorId?: string; msg: string; status?: string })
    .filter((line) => line.connectorId === id && line.time >= since);
  const at = (match: (line: (typeof lines)[number]) => boolean) => {
    const line = lines.find(match);
    return line ? `${Math.round(line.time - since)} ms` : "-";
  };
  return [
    `restart decided ${at((line) => line.msg === "reconcile")}`,
    `container starting ${at((line) => line.msg === "starting container")}`,
    `health checked ${at((line) => line.status === "RUNNING")}`,
  ].join(", ");
}

function statusesLogged(logs: string[], id: string): string[] {
  return logs
    .map((text) => JSON.parse(text) as { connectorId?: string; status?: string; msg: string })
    .filter((line) => line.connectorId === id && line.msg === "connector status")
    .map((line) => line.status ?? "");
}

describe("connector lifecycle through BullMQ and the real Docker engine", () => {
  let id: string;

  it("starts server-everything through the start job and records its real tools and instructions", async () => {
    id = await fixture.createConnector();
    await enqueueConnectorJob(runner, "installation.start", id);
    await pollStatus(prisma, id, "RUNNING");

    const connector = await prisma.connector.findUniqueOrThrow({ where: { id } });
    const tools = connector.tools as { name: string; description?: string }[];
    expect(tools).toHaveLength(EVERYTHING_TOOL_COUNT);
    expect(tools.map((tool) => tool.name)).toContain("echo");
    expect(connector).toMatchObject({ runnerId: TEST_RUNNER_ID, statusReason: null });
    expect(connector.serverInfo).toMatchObject({ name: "mcp-servers/everything" });
    expect(connector.instructions).toMatch(/^# Everything Server/);
    expect(connector.containerId).toBe((await runner.t.runtime.inspectStatus(id))?.containerId);
    expect(statusesLogged(runner.logOutput, id)).toEqual(["PREPARING_IMAGE", "STARTING", "CHECKING", "RUNNING"]);
    expect(runner.ctx.bridges.get(id)).toBeDefined();
  });

  it("logs how long each step of the start took, so a slow start names its slow step", async () => {
    const started = await vi.waitUntil(() =>
      runner.logOutput
        .map(
          (text) =>
            JSON.parse(text) as {
              connectorId?: string;
              msg: string;
              stepsMs?: Record<string, number>;
              totalMs?: number;
            },
        ) // prettier-ignore
        .find((line) => line.connectorId === id && line.msg === "connector started"),
    );
    expect(Object.keys(started.stepsMs ?? {})).toEqual(["load", "image", "container", "health", "running"]);
    const sum = Object.values(started.stepsMs ?? {}).reduce((total, ms) => total + ms, 0);
    expect(Math.abs(sum - (started.totalMs ?? 0))).toBeLessThanOrEqual(5);
    expect(started.stepsMs?.container).toBeGreaterThan(0);
    expect(started.stepsMs?.health).toBeGreaterThan(0);
  });

  it("passes the secret setting as an env var, and keeps it out of logs and plaintext columns", async () => {
    const result = await runner.t.runtime.exec(id, ["node", "-e", "process.stdout.write(process.env.EXAMPLE_API_KEY)"]);
    expect(result.stdout).toBe(API_KEY);

    expect(runner.logOutput.join("")).not.toContain(API_KEY);
    expect(runner.t.logOutput.join("")).not.toContain(API_KEY);
    const [row] = await prisma.$queryRaw<{ json: string }[]>`
      SELECT row_to_json(i)::text AS json FROM "Installation" i WHERE id = ${id}::uuid`;
    expect(row?.json).not.toContain(API_KEY);
    expect(row?.json).toContain('"secretConfigCiphertext":"sb1.');
  });

  it("restarts a killed container at once, not at the next reconcile tick: callable through the bridge in seconds", async () => {
    const before = await runner.t.runtime.inspectStatus(id);
    expect(await endpoint.callEcho(id, "before")).toBe("Echo: before");
    const staleBridge = runner.ctx.bridges.get(id);

    const killedAt = performance.now();
    await runner.t.docker.getContainer(`sb-inst-${id}`).kill();
    const recoveryMs = await endpoint.measureRecovery(id, killedAt, staleBridge);

    const phases = describePhases(id, Date.now() - (performance.now() - killedAt));
    console.log(`[self-healing] docker kill -> callable through the runner's bridge in ${recoveryMs} ms (${phases})`);
    expect(recoveryMs).toBeLessThan(KILL_RECOVERY_BUDGET_MS);
    const after = await runner.t.runtime.inspectStatus(id);
    expect(after).toMatchObject({ state: "running", containerId: before?.containerId });
    expect(after?.startedAt).not.toBe(before?.startedAt);
    // The bridge answers once the server is initialized; RUNNING is written after its tools/list.
    await expect
      .poll(() => prisma.connector.findUniqueOrThrow({ where: { id } }))
      .toMatchObject({ status: "RUNNING", restartCount: 1 });
    expect(await reconcileRunner(runner.ctx)).toEqual([]);
  });

  it("re-attaches running servers at start-up, before it is ready: callable within 3 s of a runner restart", async () => {
    const containerId = (await runner.t.runtime.inspectStatus(id))?.containerId;
    const staleBridge = runner.ctx.bridges.get(id);
    // Like SIGKILL: no job is waited for, the attach connections go with the process.
    await runner.shutDown({ abruptly: true });

    const restartedAt = performance.now();
    runner = await createTestRunner(prisma, secretBox);
    const readyMs = Math.round(performance.now() - restartedAt);
    // Ready (main.ts listens, /health answers) only now, and the bridge is already there.
    expect(runner.ctx.bridges.get(id)).toBeDefined();
    const callableMs = await endpoint.measureRecovery(id, restartedAt, staleBridge);

    console.log(`[self-healing] runner restart -> ready in ${readyMs} ms, connector callable in ${callableMs} ms`);
    expect(callableMs).toBeLessThan(RECOVERY_BUDGET_MS);
    expect(await containersOf(runner, id)).toEqual([expect.objectContaining({ containerId, state: "running" })]);
    expect((await prisma.connector.findUniqueOrThrow({ where: { id } })).status).toBe("RUNNING");
    expect(await reconcileRunner(runner.ctx)).toEqual([]);
  });

  it("stops: status STOPPED and no running container", async () => {
    await prisma.connector.update({ where: { id }, data: { desiredState: "STOPPED" } });
    await enqueueConnectorJob(runner, "installation.stop", id);
    await pollStatus(prisma, id, "STOPPED");

    expect((await runner.t.runtime.inspectStatus(id))?.state).toBe("exited");
    expect(runner.ctx.bridges.get(id)).toBeUndefined();
  });

  it("removes after the row is deleted: no container and no secrets directory", async () => {
    await prisma.connector.delete({ where: { id } });
    await enqueueConnectorJob(runner, "installation.remove", id);

    await expect.poll(() => runner.t.runtime.inspectStatus(id), { timeout: 15_000 }).toBeNull();
    // The runtime deletes the secrets directory right after the container.
    await expect
      .poll(() =>
        access(join(TEST_SECRETS_DIR, id)).then(
          () => "present",
          (error: Error) => error.message,
        ),
      )
      .toMatch(/ENOENT/);
  });
});

describe("reconcile and faults", () => {
  it("removes a container whose connector row is gone", async () => {
    const id = await fixture.createConnector();
    await enqueueConnectorJob(runner, "installation.start", id);
    await pollStatus(prisma, id, "RUNNING");
    await prisma.connector.delete({ where: { id } });

    expect(await reconcileRunner(runner.ctx)).toContainEqual({ kind: "remove", connectorId: id });
    expect(await runner.t.runtime.inspectStatus(id)).toBeNull();
  });

  it("finishes a start whose runner died mid-start, with exactly one container", async () => {
    await runner.shutDown();
    const doomed = await createTestRunner(prisma, secretBox);
    const id = await fixture.createConnector();

    const starting = doomed.waitForStatus(id, "STARTING");
    await enqueueConnectorJob(doomed, "installation.start", id);
    await starting;
    await doomed.shutDown({ abruptly: true });
    runner = await createTestRunner(prisma, secretBox);

    await pollStatus(prisma, id, "RUNNING", 30_000);
    expect(await containersOf(runner, id)).toEqual([expect.objectContaining({ state: "running" })]);
  });
});
