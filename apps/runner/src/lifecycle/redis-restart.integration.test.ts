import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createTestPrisma, createTestSecretBox, resetDatabase } from "@switchboard/db/testing";
import { queueName } from "@switchboard/jobs";
import type { Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRunner } from "../testing/create-test-runner.ts";
import type { TestRunner } from "../testing/create-test-runner.ts";
import { seedEverythingFixture } from "../testing/everything-fixture.ts";
import type { EverythingFixture } from "../testing/everything-fixture.ts";
import { containersOf, enqueueConnectorJob, pollStatus } from "../testing/connector-steps.ts";
import { startPrivateRedis } from "../testing/private-redis.ts";
import type { PrivateRedis } from "../testing/private-redis.ts";

const prisma = createTestPrisma();
const secretBox = createTestSecretBox();

let redis: PrivateRedis;
let runner: TestRunner;
let fixture: EverythingFixture;

beforeAll(async () => {
  await resetDatabase(prisma);
  redis = await startPrivateRedis();
  runner = await createTestRunner(prisma, secretBox, { redisUrl: redis.url, runnerId: "redis-fault-runner" });
  fixture = await seedEverythingFixture(prisma, secretBox, {
    image: runner.t.images.everything,
    apiKey: `sk-${randomUUID()}`,
  });
});

afterAll(async () => {
  await runner.shutDown();
  for (const id of fixture.created) await runner.t.runtime.remove(id);
  await redis.destroy();
  await prisma.$disconnect();
});

async function redisHealth(): Promise<string | undefined> {
  return (await runner.health()).checks.redis;
}

/** A health check may wait out its 3-second timeout before the connection notices Redis is gone. */
const HEALTH_POLL = { timeout: 15_000, interval: 200 };

/** Running, with exactly one container, and its start job completed rather than lost or failed. */
async function expectConverged(id: string, job: Job): Promise<void> {
  await pollStatus(prisma, id, "RUNNING");
  expect(await containersOf(runner, id)).toEqual([expect.objectContaining({ state: "running" })]);
  await expect.poll(() => job.getState(), { timeout: 15_000 }).toBe("completed");
}

describe("Redis restarts", () => {
  it("a crash mid-start: the start finishes, work enqueued during the outage runs after it", async () => {
    const first = await fixture.createConnector();
    const starting = runner.waitForStatus(first, "STARTING");
    const firstJob = await enqueueConnectorJob(runner, "installation.start", first);
    await starting;

    await redis.stop("SIGKILL");
    await expect.poll(redisHealth, HEALTH_POLL).toBe("failing");
    // Web keeps accepting clicks: the enqueue waits for Redis instead of failing.
    const second = await fixture.createConnector();
    const secondJob = enqueueConnectorJob(runner, "installation.start", second);
    // Longer than the job lock, so the in-flight start's lock expires while Redis is down.
    await sleep(3_000);
    await redis.start();

    await expect.poll(redisHealth, HEALTH_POLL).toBe("ok");
    await expectConverged(first, firstJob);
    await expectConverged(second, await secondJob);
  });

  it("a clean restart while idle: the workers take new jobs, the reconcile schedule survives", async () => {
    await redis.stop("SIGTERM");
    await expect.poll(redisHealth, HEALTH_POLL).toBe("failing");
    await redis.start();
    await expect.poll(redisHealth, HEALTH_POLL).toBe("ok");

    const id = await fixture.createConnector();
    await expectConverged(id, await enqueueConnectorJob(runner, "installation.start", id));
    const schedulers = await runner.producer.queue(queueName("maintenance", "redis-fault-runner")).getJobSchedulers();
    expect(schedulers.map((scheduler) => scheduler.key)).toEqual(["runner.reconcile:redis-fault-runner"]);
  });
});
