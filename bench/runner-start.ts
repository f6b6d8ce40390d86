/**
 * Start latency of the runner vs a bare container, in N interleaved rounds (one start of each per
 * round; the result is the median of per-round ratios with its spread):
 *   runner: `connector.start` enqueued -> status RUNNING (tools/list answered through the bridge)
 *   bare:   `docker create` + attach + `start` + MCP initialize + tools/list with the very create options
 *           the runner uses (image, user, read-only root, caps dropped, limits, init, MCP network), no queue
 * Needs Postgres (it recreates its own switchboard_bench database), Redis and Docker:
 *   npm run bench:runner -w @switchboard/runner
 */
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { createPrismaClient } from "@switchboard/db";
import { createTestSecretBox, recreateDatabase, seedCatalogEntry, seedUser } from "@switchboard/db/testing";
import { checkHealth, StdioContainerTransport } from "@switchboard/mcp-bridge";
import { attachStdio, buildBareRunOptions, createTestRunner } from "@switchboard/runner/testing";
import type { TestRunner } from "@switchboard/runner/testing";
import { benchDatabaseUrl, benchRedisUrl } from "./support/bench-env.ts";
import { decide, describeLoad, describeSpread, recordLoad, runInterleaved, spreadOfRatios } from "./support/rounds.ts";
import { percentile } from "./support/stats.ts";

const N = Number(process.argv[2] ?? 10);
const START_TIMEOUT_MS = 60_000;

const prisma = createPrismaClient(await recreateDatabase(benchDatabaseUrl("switchboard_bench_runner")), {
  maxConnections: 5,
});
const secretBox = createTestSecretBox();

async function timeRunnerStart(runner: TestRunner, catalogEntryId: string, ownerUserId: string): Promise<number> {
  const id = randomUUID();
  await prisma.connector.create({
    data: { id, catalogEntryId, scope: "PERSONAL", ownerUserId, name: "bench", status: "QUEUED" },
  });
  const running = runner.waitForStatus(id, "RUNNING");
  const started = performance.now();
  await runner.producer.enqueue("installation.start", { connectorId: id }, { jobId: `installation.start:${id}:0` });
  await Promise.race([
    running,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`no RUNNING within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS).unref(),
    ),
  ]);
  const elapsed = performance.now() - started;
  // Row first, as an uninstall does: removing the container of a connector still meant to run
  // would have the runner's exit recovery start it again, in the middle of the next measurement.
  await prisma.connector.delete({ where: { id } });
  runner.ctx.attached.delete(id);
  await runner.ctx.bridges.close(id);
  await runner.t.runtime.remove(id);
  return elapsed;
}

/** Per bare start, ms of each step, beside the runner's own "connector started" step timings. */
const bareSteps: Record<string, number>[] = [];

async function timeBareStart(runner: TestRunner): Promise<number> {
  const { docker, images } = runner.t;
  const started = performance.now();
  let last = started;
  const steps: Record<string, number> = {};
  const mark = (step: string) => {
    const now = performance.now();
    steps[step] = now - last;
    last = now;
  };
  const launch = { connectorId: randomUUID(), runnerId: "bench-bare", image: images.everything, command: [], args: [], env: {}, files: [] }; // prettier-ignore
  const container = await docker.createContainer(buildBareRunOptions(launch, { "switchboard.bench": "true" }));
  mark("create");
  try {
    const streams = await attachStdio(docker, container);
    mark("attach");
    await container.start();
    mark("start");
    const report = await checkHealth(new StdioContainerTransport(streams));
    if (report.tools.length === 0) throw new Error("bare server listed no tools");
    mark("health");
    bareSteps.push(steps);
    return performance.now() - started;
  } finally {
    await container.remove({ force: true, v: true });
  }
}

const { load, finish } = recordLoad();
// A runner id of its own: a test runner reconciling beside the bench removes containers it does not know.
const runner = await createTestRunner(prisma, secretBox, { redisUrl: benchRedisUrl, runnerId: "bench-runner-start" });
const user = await seedUser(prisma);
const { id: catalogEntryId } = await seedCatalogEntry(prisma, "everything-bench", {
  type: "local",
  runtime: "image",
  image: runner.t.images.everything,
});

// One warm-up each, not counted: first image inspect, first network attach, JIT.
await timeRunnerStart(runner, catalogEntryId, user.id);
await timeBareStart(runner);
const rounds = await runInterleaved(N, {
  runner: () => timeRunnerStart(runner, catalogEntryId, user.id),
  bare: () => timeBareStart(runner),
});
await runner.shutDown();
await prisma.$disconnect();
// The runner logs each start's step timings; the first is the warm-up's.
const runnerSteps = runner.logOutput
  .map((text) => JSON.parse(text) as { msg: string; stepsMs?: Record<string, number> })
  .filter((line) => line.msg === "connector started")
  .map((line) => line.stepsMs ?? {})
  .slice(1);

const summary = (times: number[]) => ({
  p50: Math.round(percentile(times, 50)),
  p95: Math.round(percentile(times, 95)),
  samples: times.map(Math.round),
});
/** p50 of each step over the rounds. */
const stepMedians = (rounds: Record<string, number>[]) =>
  Object.fromEntries(
    Object.keys(rounds[0] ?? {}).map((step) => [
      step,
      Math.round(
        percentile(
          rounds.map((steps) => steps[step] ?? 0),
          50,
        ),
      ),
    ]),
  );
const ratio = spreadOfRatios(rounds.runner, rounds.bare);
const result = {
  measuredAt: new Date().toISOString(),
  n: N,
  runner: summary(rounds.runner),
  bare: summary(rounds.bare),
  perRoundRatio: ratio,
  ratioP50: ratio.median,
  ratioP95: Number((percentile(rounds.runner, 95) / percentile(rounds.bare, 95)).toFixed(2)),
  goal: 1.2,
  goalP95: 1.4,
  verdict: decide(ratio, { atMost: 1.2 }),
  stepsP50: { runner: stepMedians(runnerSteps), bare: stepMedians(bareSteps.slice(1)) },
  load: finish(),
};
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(new URL("./results/runner-start.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `runner-start, ${N} rounds: runner p50/p95 ${result.runner.p50}/${result.runner.p95} ms, bare ${result.bare.p50}/${result.bare.p95} ms, per-round ratio ${describeSpread(ratio)} (goal <= ${result.goal}: ${result.verdict}), p95 ratio ${result.ratioP95} (goal <= ${result.goalP95})`,
);
console.log(
  `step p50 (ms): runner ${JSON.stringify(result.stepsP50.runner)}, bare ${JSON.stringify(result.stepsP50.bare)}`,
);
console.log(describeLoad(load));
