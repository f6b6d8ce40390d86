import { randomUUID } from "node:crypto";
import { createTestPrisma, createTestSecretBox, resetDatabase } from "@switchboard/db/testing";
import { isRunnerAlive, queueName, runnerUrl } from "@switchboard/jobs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRunner } from "../testing/create-test-runner.ts";
import type { TestRunner } from "../testing/create-test-runner.ts";
import { seedEverythingFixture } from "../testing/everything-fixture.ts";
import type { EverythingFixture } from "../testing/everything-fixture.ts";
import { containersOf, enqueueConnectorJob, pollStatus } from "../testing/connector-steps.ts";
import { startPrivateRedis } from "../testing/private-redis.ts";
import type { PrivateRedis } from "../testing/private-redis.ts";
import { reconcileRunner } from "./reconcile-runner.ts";

const prisma = createTestPrisma();
const secretBox = createTestSecretBox();
const A = "multi-runner-a";
const B = "multi-runner-b";
const urlOf = (runnerId: string) => `http://${runnerId}.internal:3300`;

let redis: PrivateRedis;
let redisClient: Redis;
const runners = new Map<string, TestRunner>();
let fixture: EverythingFixture;

beforeAll(async () => {
  await resetDatabase(prisma);
  redis = await startPrivateRedis();
  redisClient = new Redis(redis.url);
  // Two runners on one Docker host stand in for two hosts: each only sees containers labelled with its id.
  for (const runnerId of [A, B]) {
    runners.set(
      runnerId,
      await createTestRunner(prisma, secretBox, { redisUrl: redis.url, runnerId, advertisedUrl: urlOf(runnerId) }),
    );
  }
  fixture = await seedEverythingFixture(prisma, secretBox, {
    image: runner(A).t.images.everything,
    apiKey: `sk-${randomUUID()}`,
  });
});

afterAll(async () => {
  for (const running of runners.values()) await running.shutDown();
  for (const id of fixture.created) await runner(B).t.runtime.remove(id);
  redisClient.disconnect();
  await redis.destroy();
  await prisma.$disconnect();
});

function runner(id: string): TestRunner {
  const found = runners.get(id);
  if (!found) throw new Error(`no runner ${id}`);
  return found;
}

async function ownerOf(id: string): Promise<string | null> {
  return (await prisma.connector.findUniqueOrThrow({ where: { id } })).runnerId;
}

function statusesLogged(via: TestRunner, id: string): string[] {
  return via.logOutput
    .map((text) => JSON.parse(text) as { connectorId?: string; status?: string; msg: string })
    .filter((line) => line.connectorId === id && line.msg === "connector status")
    .map((line) => line.status ?? "");
}

/** Starts the connector on the given runner by putting the start on that runner's own queue. */
async function startOn(runnerId: string): Promise<string> {
  const id = await fixture.createConnector();
  await runner(runnerId).producer.enqueue(
    "installation.start",
    { connectorId: id },
    { jobId: `installation.start:${id}:0`, runnerId },
  );
  await pollStatus(prisma, id, "RUNNING");
  return id;
}

describe("several runners", () => {
  it("each consumes its own queues; a new connector goes to the shared queue and is pinned where it starts", async () => {
    const id = await fixture.createConnector();
    const job = await enqueueConnectorJob(runner(A), "installation.start", id);
    expect(job.queueName).toBe("installations");
    await pollStatus(prisma, id, "RUNNING");
    const owner = await ownerOf(id);
    expect([A, B]).toContain(owner);
    expect(await containersOf(runner(A), id)).toEqual([expect.objectContaining({ runnerId: owner, state: "running" })]);

    for (const runnerId of [A, B]) {
      const schedulers = await runner(runnerId).producer.queue(queueName("maintenance", runnerId)).getJobSchedulers();
      expect(schedulers.map((scheduler) => scheduler.key)).toEqual([`runner.reconcile:${runnerId}`]);
    }
  });

  it("routes a connector's jobs to its runner, which also gets those that reach another runner", async () => {
    const id = await startOn(A);

    await prisma.connector.update({ where: { id }, data: { desiredState: "STOPPED" } });
    const stop = await enqueueConnectorJob(runner(B), "installation.stop", id);
    expect(stop.queueName).toBe(queueName("installations", A));
    await pollStatus(prisma, id, "STOPPED");

    // A job that lands at the wrong runner (web routed it before the connector was pinned) is forwarded.
    await prisma.connector.update({ where: { id }, data: { desiredState: "RUNNING", status: "QUEUED" } });
    const start = await runner(B).producer.enqueue(
      "installation.start",
      { connectorId: id },
      { jobId: `installation.start:${id}:1`, runnerId: B },
    );
    await expect.poll(() => start.getState(), { timeout: 15_000 }).toBe("completed");
    const forwarded = await runner(B).producer.queue(queueName("installations", B)).getJob(String(start.id));
    expect(forwarded?.returnvalue).toBe(`forwarded to ${A}`);
    await pollStatus(prisma, id, "RUNNING");

    expect(await ownerOf(id)).toBe(A);
    const started = ["PREPARING_IMAGE", "STARTING", "CHECKING", "RUNNING"];
    expect(statusesLogged(runner(A), id)).toEqual([...started, "STOPPED", ...started]);
    expect(statusesLogged(runner(B), id)).toEqual([]);
    expect(await containersOf(runner(A), id)).toEqual([expect.objectContaining({ runnerId: A, state: "running" })]);
  });

  it("adopts the connectors of a runner that is gone: through a job sent meanwhile, and on reconcile", async () => {
    const throughJob = await startOn(A);
    const throughReconcile = await startOn(A);
    // Each heartbeat says where web and gateway reach that runner's logs and stdio bridges.
    expect(await runnerUrl(redisClient, A)).toBe(urlOf(A));
    const ofA = await prisma.connector.findMany({ where: { runnerId: A, desiredState: "RUNNING" } });
    await runner(A).shutDown({ abruptly: true });
    runners.delete(A);
    await expect.poll(() => isRunnerAlive(redisClient, A), { timeout: 5_000 }).toBe(false);
    // Web and gateway no longer look for A's logs and bridges where it was.
    expect(await runnerUrl(redisClient, A)).toBeNull();
    expect(await runnerUrl(redisClient, B)).toBe(urlOf(B));

    // Web sees no live owner and sends the job to the shared queue; B takes it and the connector.
    const restart = await enqueueConnectorJob(runner(B), "installation.restart", throughJob);
    expect(restart.queueName).toBe("installations");
    await expect.poll(() => restart.getState(), { timeout: 30_000 }).toBe("completed");
    expect(await ownerOf(throughJob)).toBe(B);

    expect(await reconcileRunner(runner(B).ctx)).toContainEqual({
      kind: "start",
      connectorId: throughReconcile,
      claim: false,
    });
    expect(await prisma.connector.count({ where: { runnerId: A } })).toBe(0);
    for (const { id } of ofA) {
      await pollStatus(prisma, id, "RUNNING");
      expect(await ownerOf(id)).toBe(B);
      expect(await containersOf(runner(B), id)).toEqual([expect.objectContaining({ runnerId: B, state: "running" })]);
    }
    expect(await runner(B).t.runtime.listManaged(A)).toEqual([]);
    expect(await reconcileRunner(runner(B).ctx)).toEqual([]);
  });
});
