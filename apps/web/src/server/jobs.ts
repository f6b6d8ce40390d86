import "server-only";
import { JobProducer, type JobName } from "@switchboard/jobs";
import { Redis } from "ioredis";
import { env } from "@/env";

const globalForJobs = globalThis as unknown as { switchboardJobs?: JobProducer };

export function jobProducer(): JobProducer {
  globalForJobs.switchboardJobs ??= new JobProducer(new Redis(env().REDIS_URL, { maxRetriesPerRequest: null }));
  return globalForJobs.switchboardJobs;
}

type InstallationJob = Extract<JobName, `installation.${string}`>;

/**
 * Asks the runner to act on an installation. The job id is derived from the installation's
 * `updatedAt`, which every change of desired state bumps, so a repeated click enqueues nothing new.
 */
export async function requestInstallationJob(name: InstallationJob, installation: { id: string; updatedAt: Date }) {
  await jobProducer().enqueue(
    name,
    { installationId: installation.id },
    { jobId: `${name}:${installation.id}:${installation.updatedAt.getTime()}` },
  );
}
