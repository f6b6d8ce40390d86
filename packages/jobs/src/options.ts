import type { JobsOptions } from "bullmq";

/**
 * Defaults for every job: a few attempts with exponential backoff (permanent failures throw
 * `UnrecoverableError` instead), and bounded history so Redis does not grow without limit.
 */
export const defaultJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { count: 1_000, age: 24 * 60 * 60 },
  removeOnFail: { count: 5_000, age: 7 * 24 * 60 * 60 },
};
