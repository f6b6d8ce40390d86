import type { ContainerLaunchSpec, RemoteLaunchSpec } from "@switchboard/catalog";
import { UnrecoverableError } from "bullmq";
import { scheduleMissingRefreshes } from "../credentials/schedule-missing-refreshes.ts";
import { checkHttpHealth, type HealthReport } from "@switchboard/mcp-bridge";
import { checkContainerHealth } from "./check-server-health.ts";
import { settleUnlessRunning } from "./converge-connector.ts";
import { describeFailure, isPermanentFailure } from "./describe-failure.ts";
import { loadLaunch } from "./load-launch.ts";
import { prepareBundleImage } from "../bundles/prepare-bundle-image.ts";
import { prepareImage } from "./prepare-image.ts";
import type { RunnerContext } from "./runner-context.ts";
import { SupersededError, advanceConnectorStatus, setConnectorStatus } from "./set-connector-status.ts";
import { StepTimings } from "./step-timings.ts";
import { toContainerLaunch } from "./to-container-launch.ts";
import { toJson } from "./to-json.ts";

const REMOTE_CHECK_TIMEOUT_MS = 30_000;

export interface StartOptions {
  /** Off when reconcile adopts a container that is already running: no progress steps flicker by. */
  reportProgress?: boolean;
  /** Recorded on a retryable failure; reconcile keeps its restarts in a state it will retry. */
  failureStatus?: "ERROR" | "UNHEALTHY" | "CRASH_LOOPING";
}

/**
 * Brings a connector to RUNNING: image, container, health check, tools. Idempotent (an
 * unchanged container is reused). Every status write requires the connector to still exist and
 * be meant to run; when that fails, the newer intent is carried out instead. Failures are recorded
 * as ERROR with a secret-free reason and rethrown: UnrecoverableError when retrying cannot help.
 */
export async function startConnector(
  ctx: RunnerContext,
  connectorId: string,
  { reportProgress = true, failureStatus = "ERROR" }: StartOptions = {},
): Promise<void> {
  let secrets: readonly string[] = [];
  const timings = new StepTimings();
  try {
    const loaded = await loadLaunch(ctx, connectorId);
    if (loaded?.desiredState !== "RUNNING") throw new SupersededError(connectorId);
    secrets = loaded.secrets;
    timings.mark("load");
    if (loaded.spec.kind === "remote") await startRemote(ctx, connectorId, loaded.spec, timings);
    else {
      await startContainer(ctx, connectorId, { spec: loaded.spec, secrets }, reportProgress, timings);
      ctx.deliveredCredentialVersions.set(connectorId, loaded.credentialVersion);
    }
    ctx.logger.info({ connectorId, stepsMs: timings.stepsMs, totalMs: timings.totalMs }, "connector started");
    await scheduleFirstRefresh(ctx, connectorId);
  } catch (error) {
    if (error instanceof SupersededError) {
      await settleUnlessRunning(ctx, connectorId);
      return;
    }
    const reason = describeFailure(error, secrets);
    const permanent = isPermanentFailure(error);
    await setConnectorStatus(ctx, connectorId, {
      status: permanent ? "ERROR" : failureStatus,
      statusReason: reason,
    });
    ctx.logger.warn({ connectorId, reason }, "connector failed to start");
    throw permanent ? new UnrecoverableError(reason) : new Error(reason);
  }
}

/**
 * A new authorization's refresh job, now rather than at the next reconcile tick (which would add
 * it anyway, so a failure here is only logged).
 */
async function scheduleFirstRefresh(ctx: RunnerContext, connectorId: string): Promise<void> {
  try {
    await scheduleMissingRefreshes(ctx, connectorId);
  } catch (error) {
    ctx.logger.warn({ connectorId, err: error }, "scheduling the credential refresh failed; reconcile will retry");
  }
}

async function startContainer(
  ctx: RunnerContext,
  connectorId: string,
  { spec, secrets }: { spec: ContainerLaunchSpec; secrets: readonly string[] },
  reportProgress: boolean,
  timings: StepTimings,
): Promise<void> {
  // Only work a bare `docker run` also does waits on another step: status writes run beside the
  // image check, the container's creation and start, and the health check; the image is inspected
  // once, a stdio server's bridge attaches before the container starts, and RUNNING is written as
  // soon as tools/list has answered.
  const [{ image, imageId }] = await Promise.all([
    spec.bundle
      ? prepareBundleImage(ctx, spec.bundle, spec.image, spec.command[0])
      : prepareImage(ctx, spec.image).then((id) => ({ image: spec.image, imageId: id })),
    // Pinned before the container exists, so this runner's reconcile owns it even if the job dies here.
    reportProgress &&
      advanceConnectorStatus(ctx, connectorId, {
        status: "PREPARING_IMAGE",
        statusReason: null,
        runnerId: ctx.runnerId,
      }),
  ]);
  timings.mark("image");
  const attach =
    spec.http || ctx.bridges.get(connectorId)
      ? undefined
      : (containerId: string) => ctx.bridges.preattach(connectorId, containerId);
  const [container] = await settleAll([
    ctx.runtime.ensureStarted(toContainerLaunch({ ...spec, image }, connectorId, ctx.runnerId, secrets), {
      imageId,
      ...(attach && { attach }),
    }),
    reportProgress && advanceConnectorStatus(ctx, connectorId, { status: "STARTING" }),
  ]);
  ctx.attached.add(connectorId);
  timings.mark("container");
  const [, report] = await Promise.all([
    advanceConnectorStatus(ctx, connectorId, {
      ...(reportProgress && { status: "CHECKING" }),
      runnerId: ctx.runnerId,
      containerId: container.containerId,
      lastStartedAt: container.startedAt ? new Date(container.startedAt) : new Date(),
    }),
    checkContainerHealth(ctx, container, spec.http?.headers ?? {}),
  ]);
  timings.mark("health");
  // The gateway reaches HTTP servers at the same bridge URL as stdio ones; the runner proxies.
  if (container.httpUrl)
    ctx.bridges.setHttpTarget(connectorId, { url: container.httpUrl, headers: spec.http?.headers ?? {} });
  await markRunning(ctx, connectorId, report, timings);
}

/** RUNNING, with what the health check's initialize (or discovery) and tools/list answered. */
async function markRunning(
  ctx: RunnerContext,
  connectorId: string,
  report: HealthReport,
  timings: StepTimings,
): Promise<void> {
  await advanceConnectorStatus(ctx, connectorId, {
    status: "RUNNING",
    statusReason: null,
    serverInfo: toJson(report.serverInfo),
    instructions: report.instructions ?? null,
    tools: toJson(report.tools),
  });
  timings.mark("running");
}

/**
 * Promise.all that waits for every promise before failing: a status write refused (superseded)
 * must not leave the container's start running unwatched while the stop or remove that follows
 * begins, and the start's own error wins over the refusal.
 */
async function settleAll<T extends readonly unknown[]>(promises: T): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as {
    [K in keyof T]: Awaited<T[K]>;
  };
}

/** Remote servers get no container; the check tells the user early when the URL or token is wrong. */
async function startRemote(
  ctx: RunnerContext,
  connectorId: string,
  spec: RemoteLaunchSpec,
  timings: StepTimings,
): Promise<void> {
  const unpinned = { runnerId: null, containerId: null };
  if (!ctx.checkRemote || spec.transport !== "streamable-http") {
    await advanceConnectorStatus(ctx, connectorId, {
      ...unpinned,
      status: "RUNNING",
      statusReason: ctx.checkRemote
        ? "Not health-checked: SSE servers are checked on first use"
        : "Not health-checked: remote checks are turned off on this runner",
    });
    return;
  }
  await advanceConnectorStatus(ctx, connectorId, { ...unpinned, status: "CHECKING", statusReason: null });
  const report = await checkHttpHealth(spec.url, { timeoutMs: REMOTE_CHECK_TIMEOUT_MS }, spec.headers, ctx.remoteFetch);
  timings.mark("health");
  await markRunning(ctx, connectorId, report, timings);
}
