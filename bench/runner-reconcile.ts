// Reconcile time with 2,000 connectors: a complete runner (real Docker runtime, BullMQ, as the
// runner tests build it) over a database seeded with 2,000 connectors pinned to it, in a steady
// state (stopped and meant to be stopped: the pass reads them all, lists its containers, plans,
// and has nothing to change). Timed in rounds: the whole `reconcileRunner` pass, and the pure
// `planReconcile` over 2,000 connectors whose containers run and are attached.
// Goal (issue 17): reconcile of 2,000 connectors < 2 s. Run: npm run bench:reconcile.
import { randomUUID } from "node:crypto";
import { createPrismaClient } from "@switchboard/db";
import { createTestSecretBox, recreateDatabase, seedCatalogEntry, seedUser } from "@switchboard/db/testing";
import { planReconcile } from "@switchboard/runner/testing";
import { reconcileRunner } from "@switchboard/runner/testing";
import type { ManagedContainer } from "@switchboard/runner/testing";
import { createTestRunner } from "@switchboard/runner/testing";
import { benchDatabaseUrl, benchRedisUrl } from "./support/bench-env.ts";
import { decide, recordLoad, runInterleaved, spreadOfValues } from "./support/rounds.ts";
import { saveResult } from "./support/save-result.ts";

const CONNECTORS = Number(process.env.BENCH_CONNECTORS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const GOAL_MS = 2_000;
const databaseUrl = benchDatabaseUrl("switchboard_bench_reconcile");

const { finish } = recordLoad();
const prisma = createPrismaClient(await recreateDatabase(databaseUrl), { maxConnections: 5 });
const runner = await createTestRunner(prisma, createTestSecretBox(), {
  redisUrl: benchRedisUrl,
  runnerId: `bench-reconcile-${randomUUID().slice(0, 8)}`,
});
try {
  const user = await seedUser(prisma);
  const entry = await seedCatalogEntry(prisma, "reconcile");
  const ids = Array.from({ length: CONNECTORS }, () => randomUUID());
  await prisma.connector.createMany({
    data: ids.map((id, i) => ({
      id,
      catalogEntryId: entry.id,
      scope: "PERSONAL" as const,
      ownerUserId: user.id,
      name: `reconcile-${i}`,
      runnerId: runner.ctx.runnerId,
      desiredState: "STOPPED" as const,
      status: "STOPPED" as const,
    })),
  });
  const steady = await prisma.connector.findMany({
    where: { runnerId: runner.ctx.runnerId },
    select: { id: true, desiredState: true, status: true, runnerId: true, restartCount: true, lastStartedAt: true, updatedAt: true }, // prettier-ignore
  });
  const running = steady.map((connector) => ({ ...connector, desiredState: "RUNNING" as const, status: "RUNNING" as const })); // prettier-ignore
  const containers: ManagedContainer[] = running.map((connector) => ({
    connectorId: connector.id,
    runnerId: runner.ctx.runnerId,
    containerId: connector.id,
    specHash: "steady",
    state: "running",
  }));
  const attached = new Set(running.map((connector) => connector.id));

  const timed = (work: () => Promise<unknown> | unknown) => async () => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  await reconcileRunner(runner.ctx); // warm-up
  const rounds = await runInterleaved(ROUNDS, {
    pass: timed(async () => {
      const actions = await reconcileRunner(runner.ctx);
      if (actions.length > 0) throw new Error(`a steady state planned ${actions.length} actions`);
    }),
    plan: timed(() => {
      const actions = planReconcile({
        runnerId: runner.ctx.runnerId,
        containers,
        connectors: running,
        attached,
        adopted: new Set(),
        now: new Date(),
      });
      if (actions.length > 0) throw new Error(`attached running containers planned ${actions.length} actions`);
    }),
  });
  const pass = spreadOfValues(rounds.pass);
  const result = {
    benchmark: "runner-reconcile",
    connectors: CONNECTORS,
    passMs: pass,
    planMs: spreadOfValues(rounds.plan),
    goal: { atMost: GOAL_MS },
    verdict: decide(pass, { atMost: GOAL_MS }),
    load: finish(),
  };
  await saveResult("runner-reconcile", result);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await runner.shutDown();
  await prisma.$disconnect();
}
