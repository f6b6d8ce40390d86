import { isJobName, parseJobPayload } from "@switchboard/jobs";
import type { JobName } from "@switchboard/jobs";
import { UnrecoverableError } from "bullmq";
import type { Job } from "bullmq";
import { ZodError } from "zod";
import { deliverStaleCredentials } from "../credentials/deliver-stale-credentials.ts";
import { processCredentialRefresh } from "../credentials/process-credential-refresh.ts";
import { scheduleMissingRefreshes } from "../credentials/schedule-missing-refreshes.ts";
import { reconcileRunner } from "../lifecycle/reconcile-runner.ts";
import { removeInstallation } from "../lifecycle/remove-installation.ts";
import { restartInstallation } from "../lifecycle/restart-installation.ts";
import type { RunnerContext } from "../lifecycle/runner-context.ts";
import { settleUnlessRunning } from "../lifecycle/converge-installation.ts";
import { startInstallation } from "../lifecycle/start-installation.ts";

type Handler = (ctx: RunnerContext, payload: unknown) => Promise<unknown>;

const installationHandler =
  (name: JobName & `installation.${string}`, run: (ctx: RunnerContext, installationId: string) => Promise<unknown>) =>
  (ctx: RunnerContext, payload: unknown) =>
    run(ctx, parseJobPayload(name, payload).installationId);

/** The jobs this runner processes. `image.prepare` belongs to later work. */
const handlers: Partial<Record<JobName, Handler>> = {
  "installation.start": installationHandler("installation.start", startInstallation),
  // A stop applies only while the installation is still meant to stop (see settleUnlessRunning).
  "installation.stop": installationHandler("installation.stop", settleUnlessRunning),
  "installation.restart": installationHandler("installation.restart", restartInstallation),
  "installation.remove": installationHandler("installation.remove", removeInstallation),
  "credential.refresh": (ctx, payload) =>
    processCredentialRefresh(ctx, parseJobPayload("credential.refresh", payload).credentialId),
  "runner.reconcile": async (ctx, payload) => {
    parseJobPayload("runner.reconcile", payload);
    const [actions] = await Promise.all([reconcileRunner(ctx), scheduleMissingRefreshes(ctx)]);
    // After reconcile, so a container it (re)starts is not delivered to twice.
    await deliverStaleCredentials(ctx);
    return actions.length;
  },
};

/** A BullMQ processor: payloads are parsed on receipt; unknown jobs and bad payloads fail for good. */
export function createProcessor(ctx: RunnerContext): (job: Job) => Promise<unknown> {
  return async (job) => {
    const handler = isJobName(job.name) ? handlers[job.name] : undefined;
    if (!handler) throw new UnrecoverableError(`This runner has no handler for job ${job.name}`);
    try {
      return await handler(ctx, job.data);
    } catch (error) {
      if (error instanceof ZodError) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}
