import type { LaunchOptions } from "@switchboard/catalog";
import { DEFAULT_REFRESH_POLICY, type RefreshPolicy } from "@switchboard/credential-refresh";
import type { PrismaClient } from "@switchboard/db";
import type { SecretBox } from "@switchboard/db/crypto";
import { JobProducer } from "@switchboard/jobs";
import type { GuardedFetch } from "@switchboard/oauth";
import { Worker } from "bullmq";
import type { WorkerOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { BridgeRegistry } from "./bridges/bridge-registry.ts";
import { createRefreshBackoffStrategy, type RefreshBackoff } from "./credentials/refresh-backoff.ts";
import { scheduleMissingRefreshes } from "./credentials/schedule-missing-refreshes.ts";
import { createProcessor } from "./jobs/create-processor.ts";
import { scheduleReconcile } from "./jobs/schedule-reconcile.ts";
import type { RunnerContext } from "./lifecycle/runner-context.ts";
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
  /** SSRF-guarded fetch for providers' token endpoints. */
  oauthFetch: GuardedFetch;
  /** SSRF-guarded streaming fetch for remote MCP servers' health checks. */
  remoteFetch: typeof fetch;
  refreshPolicy?: RefreshPolicy;
  /** Tests retry a failed refresh within a second instead of seconds to minutes. */
  refreshBackoff?: RefreshBackoff;
}

export interface Runner {
  ctx: RunnerContext;
  workers: Worker[];
  producer: JobProducer;
  /** Lets in-flight jobs finish, then closes bridges and queues (not the connections, which the caller owns). */
  close(): Promise<void>;
}

export async function createRunner(deps: RunnerDeps): Promise<Runner> {
  const producer = new JobProducer(deps.producerConnection);
  const ctx: RunnerContext = {
    prisma: deps.prisma,
    runtime: deps.runtime,
    secretBox: deps.secretBox,
    bridges: new BridgeRegistry(deps.runtime, deps.logger),
    logger: deps.logger,
    runnerId: deps.runnerId,
    launchOptions: deps.launchOptions,
    checkRemote: deps.checkRemote,
    remoteFetch: deps.remoteFetch,
    attached: new Set(),
    deliveredCredentialVersions: new Map(),
    refresh: { fetch: deps.oauthFetch, policy: deps.refreshPolicy ?? DEFAULT_REFRESH_POLICY, producer },
  };
  const processor = createProcessor(ctx);
  const workers = [
    new Worker("installations", processor, {
      connection: deps.workerConnection,
      concurrency: deps.concurrency,
      ...deps.workerOptions,
    }),
    new Worker("maintenance", processor, { connection: deps.workerConnection, concurrency: 1, ...deps.workerOptions }),
    // Refreshes mostly wait on providers, so they run wider than container jobs.
    new Worker("credentials", processor, {
      connection: deps.workerConnection,
      concurrency: deps.concurrency * 4,
      settings: { backoffStrategy: createRefreshBackoffStrategy(deps.refreshBackoff) },
      ...deps.workerOptions,
    }),
  ];
  for (const worker of workers) {
    worker.on("failed", (job, error) =>
      deps.logger.warn(
        { job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, reason: error.message },
        "job failed",
      ),
    );
    worker.on("error", (error) => deps.logger.error({ err: error, queue: worker.name }, "worker error"));
  }
  const schedule = () => scheduleReconcile(producer, deps.runnerId, deps.reconcileEveryMs);
  await schedule();
  await scheduleMissingRefreshes(ctx);
  const reschedule = () =>
    void schedule().catch((error: unknown) => deps.logger.error({ err: error }, "scheduling reconcile failed"));
  deps.producerConnection.on("ready", reschedule);
  return {
    ctx,
    workers,
    producer,
    async close() {
      deps.producerConnection.off("ready", reschedule);
      await Promise.all(workers.map((worker) => worker.close()));
      await ctx.bridges.closeAll();
      await producer.close();
    },
  };
}
