import { randomUUID } from "node:crypto";
import { createTestPrisma, createTestSecretBox, resetDatabase } from "@switchboard/db/testing";
import type { Registry } from "@switchboard/observability";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRunner, type TestRunner } from "../testing/create-test-runner.ts";
import { seedEverythingFixture, type EverythingFixture } from "../testing/everything-fixture.ts";
import { enqueueConnectorJob, pollStatus } from "../testing/connector-steps.ts";
import { createRunnerMetrics } from "./create-runner-metrics.ts";

const prisma = createTestPrisma();
const secretBox = createTestSecretBox();
const RUNNER_ID = "metrics-runner";
let runner: TestRunner;
let fixture: EverythingFixture;
let metrics: Registry;

beforeAll(async () => {
  await resetDatabase(prisma);
  runner = await createTestRunner(prisma, secretBox, { runnerId: RUNNER_ID });
  fixture = await seedEverythingFixture(prisma, secretBox, {
    image: runner.t.images.everything,
    apiKey: `sk-${randomUUID()}`,
  });
  metrics = createRunnerMetrics({
    runnerId: RUNNER_ID,
    runtime: runner.t.runtime,
    workers: runner.workers,
    producer: runner.producer,
  });
});

afterAll(async () => {
  await runner.shutDown();
  for (const id of fixture.created) await runner.t.runtime.remove(id);
  await prisma.$disconnect();
});

/** The value of the sample of `name` whose labels include every one of `labels`. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text
    .split("\n")
    .find(
      (candidate) =>
        candidate.startsWith(`${name}{`) &&
        Object.entries(labels).every(([label, value]) => candidate.includes(`${label}="${value}"`)),
    );
  return Number(line?.split(" ").at(-1) ?? Number.NaN);
}

describe("runner metrics", () => {
  it("count a completed start job, its duration, and the running container", async () => {
    const before = await metrics.metrics();
    expect(before).not.toMatch(/^switchboard_containers\{state="running"/m);

    const id = await fixture.createConnector();
    await enqueueConnectorJob(runner, "installation.start", id);
    await pollStatus(prisma, id, "RUNNING");
    await expect
      .poll(async () =>
        sample(await metrics.metrics(), "switchboard_jobs_processed_total", {
          job: "installation.start",
          outcome: "completed",
        }),
      )
      .toBe(1);

    const after = await metrics.metrics();
    expect(sample(after, "switchboard_job_duration_seconds_count", { job: "installation.start" })).toBe(1);
    expect(sample(after, "switchboard_containers", { state: "running" })).toBe(1);
    expect(sample(after, "switchboard_queue_jobs", { queue: `installations.${RUNNER_ID}`, state: "waiting" })).toBe(0);
    // No label or value carries the connector's secret.
    expect(after).not.toContain("sk-");
  });
});
