import { computeRefreshDueAt, type RefreshPolicy, type RefreshTiming } from "@switchboard/credential-refresh";
import type { JobProducer } from "@switchboard/jobs";
import type { JobState } from "bullmq";
import { REFRESH_BACKOFF_TYPE } from "./refresh-backoff.ts";

const PENDING: ReadonlySet<JobState | "unknown"> = new Set([
  "delayed",
  "waiting",
  "active",
  "prioritized",
  "waiting-children",
]);

/** A refresh job that gave up is replaced after this pause, so a failing provider is retried at a calm pace. */
export const FAILED_REFRESH_PAUSE_MS = 5 * 60_000;

/** Transient failures retry within the job (10 attempts ≈ 20 minutes with the default backoff). */
const REFRESH_ATTEMPTS = 10;

export interface ScheduledCredential extends RefreshTiming {
  id: string;
  version: number;
}

/**
 * One job per credential version: a refresh bumps the version, so the next job gets a new id while
 * the old one finishes. (BullMQ refuses custom ids with a ":" unless they have exactly three parts.)
 */
export function refreshJobId(credentialId: string, version: number): string {
  return `credential.refresh-${credentialId}-${version}`;
}

/**
 * Makes sure the credential's current version has its delayed refresh job, due when
 * `computeRefreshDueAt` says. Idempotent: a pending job is left alone; a finished one (or a failed
 * one after a pause) is replaced. Returns whether it added a job.
 */
export async function scheduleCredentialRefresh(
  producer: JobProducer,
  schedule: ScheduledCredential,
  policy: RefreshPolicy,
  now: number = Date.now(),
): Promise<boolean> {
  const dueAt = computeRefreshDueAt(schedule, policy);
  if (!dueAt) return false;
  const jobId = refreshJobId(schedule.id, schedule.version);
  const queue = producer.queue("credentials");
  const state = await queue.getJobState(jobId);
  if (PENDING.has(state)) return false;
  if (state !== "unknown") {
    const finished = await queue.getJob(jobId);
    if (state === "failed" && (finished?.finishedOn ?? 0) > now - FAILED_REFRESH_PAUSE_MS) return false;
    await finished?.remove();
  }
  await producer.enqueue(
    "credential.refresh",
    { credentialId: schedule.id },
    {
      jobId,
      delay: Math.max(0, dueAt.getTime() - now),
      attempts: REFRESH_ATTEMPTS,
      backoff: { type: REFRESH_BACKOFF_TYPE },
    },
  );
  return true;
}
