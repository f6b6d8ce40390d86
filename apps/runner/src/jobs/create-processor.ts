import { isJobName, parseJobPayload } from "@switchboard/jobs";
import type { ConnectorJobName, JobName } from "@switchboard/jobs";
import { DelayedError, UnrecoverableError } from "bullmq";
import type { Job } from "bullmq";
import { ZodError } from "zod";
import { deliverStaleCredentials } from "../credentials/deliver-stale-credentials.ts";
import { processCredentialRefresh } from "../credentials/process-credential-refresh.ts";
import { scheduleMissingRefreshes } from "../credentials/schedule-missing-refreshes.ts";
import { reconcileRunner } from "../lifecycle/reconcile-runner.ts";
import { removeConnector } from "../lifecycle/remove-connector.ts";
import { restartConnector } from "../lifecycle/restart-connector.ts";
import { routeConnectorJob } from "../lifecycle/route-connector-job.ts";
import type { RunnerContext } from "../lifecycle/runner-context.ts";
import { settleUnlessRunning } from "../lifecycle/converge-connector.ts";
import { startConnector } from "../lifecycle/start-connector.ts";

type Handler = (ctx: RunnerContext, job: Job, token: string | undefined) => Promise<unknown>;

/** Runs the job where routeConnectorJob says: here, at the owning runner, or later. */
const connectorHandler =
  (name: ConnectorJobName, run: (ctx: RunnerContext, connectorId: string) => Promise<unknown>): Handler =>
  async (ctx, job, token) => {
    const { connectorId } = parseJobPayload(name, job.data);
    const route = await routeConnectorJob(ctx, connectorId);
    if (route.kind === "forward") {
      await ctx.producer.enqueue(name, { connectorId }, { jobId: String(job.id), runnerId: route.runnerId });
      return `forwarded to ${route.runnerId}`;
    }
    if (route.kind === "wait") {
      await job.moveToDelayed(Date.now() + ctx.presence.ttlMs, token);
      throw new DelayedError();
    }
    return ctx.connectorLocks.run(connectorId, () => run(ctx, connectorId));
  };

/** Every job has a handler here, so no job can be defined that nothing processes. */
const handlers: Record<JobName, Handler> = {
  "installation.start": connectorHandler("installation.start", startConnector),
  // A stop applies only while the connector is still meant to stop (see settleUnlessRunning).
  "installation.stop": connectorHandler("installation.stop", settleUnlessRunning),
  "installation.restart": connectorHandler("installation.restart", restartConnector),
  "installation.remove": connectorHandler("installation.remove", removeConnector),
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
