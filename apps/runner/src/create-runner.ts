import type { LaunchOptions } from "@switchboard/catalog";
import { DEFAULT_REFRESH_POLICY, type RefreshPolicy } from "@switchboard/credential-refresh";
import type { PrismaClient } from "@switchboard/db";
import type { SecretBox } from "@switchboard/db/crypto";
import { JobProducer, queueName } from "@switchboard/jobs";
import { DEFAULT_MAX_BUNDLE_BYTES } from "@switchboard/catalog/bundle";
import { createGuardedFetch } from "@switchboard/oauth";
import type { GuardedFetch } from "@switchboard/oauth";
import { Worker } from "bullmq";
import type { WorkerOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { BridgeRegistry } from "./bridges/bridge-registry.ts";
import { BUNDLE_FETCH_POLICY } from "./bundles/prepare-bundle-image.ts";
import { createRefreshBackoffStrategy, type RefreshBackoff } from "./credentials/refresh-backoff.ts";
import { scheduleMissingRefreshes } from "./credentials/schedule-missing-refreshes.ts";
import { createProcessor } from "./jobs/create-processor.ts";
import { RedisErrorLog } from "./jobs/redis-error-log.ts";
import { DEFAULT_PRESENCE_TIMING, RunnerPresence, type PresenceTiming } from "./jobs/runner-presence.ts";
import { scheduleReconcile } from "./jobs/schedule-reconcile.ts";
import { reconcileRunner } from "./lifecycle/reconcile-runner.ts";
import { startExitRecovery } from "./lifecycle/recover-exited-containers.ts";
import type { RunnerContext } from "./lifecycle/runner-context.ts";
import { KeyedLock } from "./runtime/keyed-lock.ts";
import type { ContainerRuntime } from "./runtime/runtime.ts";

export interface RunnerDeps {
  prisma: PrismaClient;
  runtime: ContainerRuntime;
  secretBox: SecretBox;
  logger: Logger;
  runnerId: string;
  launchOptions: LaunchOptions;
  checkRemote: boolean;
  /** Workers block on their connection, so the producer has its own; both with maxRetriesPerRequest null. */
  workerConnection: Redis;
  producerConnection: Redis;
  concurrency: number;
  /** Tests shorten lock and stall detection to see a lost worker's job recovered quickly. */
  workerOptions?: Pick<WorkerOptions, "lockDuration" | "stalledInterval" | "maxStalledCount">;
  reconcileEveryMs?: number;
  /** Tests let a stopped runner count as gone within a second. */
  presenceTiming?: PresenceTiming;
  /** This runner's internal HTTP server as web and gateway reach it (RUNNER_ADVERTISED_URL). */
  advertisedUrl?: string;
  /** SSRF-guarded fetch for providers' token endpoints. */
  oauthFetch: GuardedFetch;
  /** SSRF-guarded streaming fetch for remote MCP servers' health checks. */
  remoteFetch: typeof fetch;
  /** SSRF-guarded fetch for MCP bundle downloads; default: https only, public addresses, 64 MiB. */
  bundleFetch?: GuardedFetch;
  refreshPolicy?: RefreshPolicy;
  /** Tests retry a failed refresh within a second instead of seconds to minutes. */
  refreshBackoff?: RefreshBackoff;
}

export interface Runner {
  ctx: RunnerContext;
  workers: Worker[];
  producer: JobProducer;
  /**
   * Stops watching containers, lets in-flight jobs finish (unless `force`, which is how a killed
   * process leaves them), then closes bridges and queues (not the connections, which the caller owns).
   */
  close(options?: { force?: boolean }): Promise<void>;
}

/**
 * Resolves once the runner has reconciled its Docker host: the servers it finds running have their
 * bridges attached again, so callers that wait for it (main.ts before listening, which is /health)
 * report ready only when this runner's connectors answer.
 */
export async function createRunner(deps: RunnerDeps): Promise<Runner> {
  const { logger, runnerId } = deps;
  const errors = new RedisErrorLog(logger, deps.producerConnection);
  const producer = new JobProducer(deps.producerConnection, {
    onError: (error, queue) => errors.report(error, { queue }),
  });
  const presence = new RunnerPresence(
    deps.producerConnection,
    runnerId,
    deps.presenceTiming ?? DEFAULT_PRESENCE_TIMING,
    logger,
    deps.advertisedUrl,
  );
  const ctx: RunnerContext = {
    prisma: deps.prisma,
    runtime: deps.runtime,
    secretBox: deps.secretBox,
    bridges: new BridgeRegistry(deps.runtime, logger),
    logger,
    runnerId,
    producer,
    presence,
    launchOptions: deps.launchOptions,
    checkRemote: deps.checkRemote,
    remoteFetch: deps.remoteFetch,
    bundleFetch: deps.bundleFetch ?? createGuardedFetch({ ...BUNDLE_FETCH_POLICY, maxResponseBytes: DEFAULT_MAX_BUNDLE_BYTES }), // prettier-ignore
    connectorLocks: new KeyedLock(),
    attached: new Set(),
    deliveredCredentialVersions: new Map(),
    refresh: { fetch: deps.oauthFetch, policy: deps.refreshPolicy ?? DEFAULT_REFRESH_POLICY },
  };
  await presence.start();
  const stopRecovery = startExitRecovery(ctx, () => {
    const jobId = `runner.reconcile-now:${runnerId}:${Date.now()}`;
    producer
      .enqueue("runner.reconcile", {}, { jobId, runnerId, attempts: 1 })
      .catch((error: unknown) => logger.warn({ err: error }, "queueing a reconcile after docker events failed"));
  });
  await reconcileRunner(ctx).catch((error: unknown) =>
    logger.error({ err: error }, "start-up reconcile failed; the next reconcile tick retries"),
  );
  const processor = createProcessor(ctx);
  const createWorker = (queue: string, options: Omit<WorkerOptions, "connection">) =>
    new Worker(queue, processor, { connection: deps.workerConnection, ...options, ...deps.workerOptions });
  const workers = [
    // This runner's connectors, and those no runner owns yet (or whose runner is gone).
    createWorker(queueName("installations", runnerId), { concurrency: deps.concurrency }),
    createWorker(queueName("installations"), { concurrency: deps.concurrency }),
    createWorker(queueName("maintenance", runnerId), { concurrency: 1 }),
    // Refreshes mostly wait on providers, so they run wider than container jobs.
    createWorker(queueName("credentials"), {
      concurrency: deps.concurrency * 4,
      settings: { backoffStrategy: createRefreshBackoffStrategy(deps.refreshBackoff) },
    }),
  ];
  for (const worker of workers) {
    worker.on("failed", (job, error) =>
      logger.warn({ job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, reason: error.message }, "job failed"),
    );
    worker.on("error", (error) => errors.report(error, { queue: worker.name }));
  }
  const schedule = () => scheduleReconcile(producer, runnerId, deps.reconcileEveryMs);
  await schedule();
  await scheduleMissingRefreshes(ctx);
  const reschedule = () =>
    void schedule().catch((error: unknown) => logger.error({ err: error }, "scheduling reconcile failed"));
  deps.producerConnection.on("ready", reschedule);
  return {
    ctx,
    workers,
    producer,
    async close({ force = false } = {}) {
      deps.producerConnection.off("ready", reschedule);
      stopRecovery();
      presence.stop();
      errors.stop();
      await Promise.all(workers.map((worker) => worker.close(force)));
      await ctx.bridges.closeAll();
      await producer.close();
    },
  };
}
