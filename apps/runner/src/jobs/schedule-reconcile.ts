import { queueName, type JobProducer } from "@switchboard/jobs";

export const RECONCILE_EVERY_MS = 30_000;

/**
 * One scheduler per runner, on the runner's own maintenance queue (a reconcile pass works on the
 * Docker host of the runner that runs it), under a deterministic id, so restarts update it instead
 * of adding another. Upserted again whenever Redis reconnects: a Redis without persistence forgets it.
 */
export async function scheduleReconcile(producer: JobProducer, runnerId: string, everyMs = RECONCILE_EVERY_MS) {
  await producer
    .queue(queueName("maintenance", runnerId))
    .upsertJobScheduler(
      `runner.reconcile:${runnerId}`,
      { every: everyMs },
      { name: "runner.reconcile", data: {}, opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 } },
    );
}
