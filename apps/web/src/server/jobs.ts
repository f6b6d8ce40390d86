import "server-only";
import { JobProducer, runnerUrlOr, type ConnectorJobName } from "@switchboard/jobs";
import { Redis } from "ioredis";
import { env } from "@/env";
import { logger } from "@/server/logger.ts";

const globalForJobs = globalThis as unknown as { switchboardJobs?: JobProducer; switchboardRedis?: Redis };

function redis(): Redis {
  globalForJobs.switchboardRedis ??= new Redis(env().REDIS_URL, { maxRetriesPerRequest: null });
  return globalForJobs.switchboardRedis;
}

export function jobProducer(): JobProducer {
  globalForJobs.switchboardJobs ??= new JobProducer(redis(), {
    onError: (error, queue) => logger.warn({ err: error, queue }, "job queue connection error"),
  });
  return globalForJobs.switchboardJobs;
}

/** The internal HTTP server of the runner that owns a connector (see `runnerUrlOr`). */
export function runnerBaseUrl(runnerId: string | null): Promise<string> {
  return runnerUrlOr(redis(), runnerId, env().RUNNER_URL);
}

/**
 * Asks the connector's runner (any runner, when none owns it) to act on it. The job id is
 * derived from the connector's `updatedAt`, which every change of desired state bumps, so a
 * repeated click enqueues nothing new.
 */
export async function requestConnectorJob(
  name: ConnectorJobName,
  connector: { id: string; updatedAt: Date; runnerId: string | null },
) {
  await jobProducer().enqueueForConnector(name, connector, `${name}:${connector.id}:${connector.updatedAt.getTime()}`);
}
