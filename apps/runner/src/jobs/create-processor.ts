import { isJobName, parseJobPayload } from "@switchboard/jobs";
import type { InstallationJobName, JobName } from "@switchboard/jobs";
import { DelayedError, UnrecoverableError } from "bullmq";
import type { Job } from "bullmq";
import { ZodError } from "zod";
import { deliverStaleCredentials } from "../credentials/deliver-stale-credentials.ts";
import { processCredentialRefresh } from "../credentials/process-credential-refresh.ts";
import { scheduleMissingRefreshes } from "../credentials/schedule-missing-refreshes.ts";
import { reconcileRunner } from "../lifecycle/reconcile-runner.ts";
import { removeInstallation } from "../lifecycle/remove-installation.ts";
import { restartInstallation } from "../lifecycle/restart-installation.ts";
import { routeInstallationJob } from "../lifecycle/route-installation-job.ts";
import type { RunnerContext } from "../lifecycle/runner-context.ts";
import { settleUnlessRunning } from "../lifecycle/converge-installation.ts";
import { startInstallation } from "../lifecycle/start-installation.ts";

type Handler = (ctx: RunnerContext, job: Job, token: string | undefined) => Promise<unknown>;

/** Runs the job where routeInstallationJob says: here, at the owning runner, or later. */
const installationHandler =
  (name: InstallationJobName, run: (ctx: RunnerContext, installationId: string) => Promise<unknown>): Handler =>
  async (ctx, job, token) => {
    const { installationId } = parseJobPayload(name, job.data);
    const route = await routeInstallationJob(ctx, installationId);
    if (route.kind === "forward") {
      await ctx.producer.enqueue(name, { installationId }, { jobId: String(job.id), runnerId: route.runnerId });
      return `forwarded to ${route.runnerId}`;
    }
    if (route.kind === "wait") {
      await job.moveToDelayed(Date.now() + ctx.presence.ttlMs, token);
      throw new DelayedError();
    }
    return ctx.installationLocks.run(installationId, () => run(ctx, installationId));
  };

/** Every job has a handler here, so no job can be defined that nothing processes. */
const handlers: Record<JobName, Handler> = {
  "installation.start": installationHandler("installation.start", startInstallation),
  // A stop applies only while the installation is still meant to stop (see settleUnlessRunning).
  "installation.stop": installationHandler("installation.stop", settleUnlessRunning),
  "installation.restart": installationHandler("installation.restart", restartInstallation),
  "installation.remove": installationHandler("installation.remove", removeInstallation),
  "credential.refresh": (ctx, job) =>
    processCredentialRefresh(ctx, parseJobPayload("credential.refresh", job.data).credentialId),
  "runner.reconcile": async (ctx, job) => {
    parseJobPayload("runner.reconcile", job.data);
    const [actions] = await Promise.all([reconcileRunner(ctx), scheduleMissingRefreshes(ctx)]);
    // After reconcile, so a container it (re)starts is not delivered to twice.
    await deliverStaleCredentials(ctx);
    return actions.length;
  },
};

/** A BullMQ processor: payloads are parsed on receipt; unknown jobs and bad payloads fail for good. */
export function createProcessor(ctx: RunnerContext): (job: Job, token?: string) => Promise<unknown> {
  return async (job, token) => {
    const handler = isJobName(job.name) ? handlers[job.name] : undefined;
    if (!handler) throw new UnrecoverableError(`This runner has no handler for job ${job.name}`);
    try {
      return await handler(ctx, job, token);
    } catch (error) {
      if (error instanceof ZodError) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}
