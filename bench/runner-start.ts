/**
 * Start latency of the runner vs a bare container, in N interleaved rounds (one start of each per
 * round; the result is the median of per-round ratios with its spread):
 *   runner: `connector.start` enqueued -> status RUNNING (tools/list answered through the bridge)
 *   bare:   `docker create` + `start` + attach + MCP initialize + tools/list, no hardening, no queue
 * Needs Postgres (it recreates its own switchboard_bench database), Redis and Docker:
 *   npm run bench:runner -w @switchboard/runner
 */
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { createPrismaClient } from "@switchboard/db";
import { createTestSecretBox, recreateDatabase, seedCatalogEntry, seedUser } from "@switchboard/db/testing";
import { checkHealth, StdioContainerTransport } from "@switchboard/mcp-bridge";
import { attachStdio } from "@switchboard/runner/testing";
import { createTestRunner } from "@switchboard/runner/testing";
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
  await runner.ctx.bridges.close(id);
  await runner.t.runtime.remove(id);
  await prisma.connector.delete({ where: { id } });
  return elapsed;
}

async function timeBareStart(runner: TestRunner): Promise<number> {
  const { docker, images } = runner.t;
  const started = performance.now();
  const container = await docker.createContainer({
    Image: images.everything,
    OpenStdin: true,
    StdinOnce: false,
    AttachStdin: true,
    AttachStdout: true,
    Labels: { "switchboard.bench": "true" },
  });
  try {
    const streams = await attachStdio(docker, container);
    await container.start();
    const report = await checkHealth(new StdioContainerTransport(streams));
    if (report.tools.length === 0) throw new Error("bare server listed no tools");
    return performance.now() - started;
  } finally {
    await container.remove({ force: true, v: true });
  }
}

const { load, finish } = recordLoad();
const runner = await createTestRunner(prisma, secretBox, { redisUrl: benchRedisUrl });
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

const summary = (times: number[]) => ({
  p50: Math.round(percentile(times, 50)),
  p95: Math.round(percentile(times, 95)),
  samples: times.map(Math.round),
});
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
  load: finish(),
};
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(new URL("./results/runner-start.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `runner-start, ${N} rounds: runner p50/p95 ${result.runner.p50}/${result.runner.p95} ms, bare ${result.bare.p50}/${result.bare.p95} ms, per-round ratio ${describeSpread(ratio)} (goal <= ${result.goal}: ${result.verdict}), p95 ratio ${result.ratioP95} (goal <= ${result.goalP95})`,
);
console.log(describeLoad(load));
