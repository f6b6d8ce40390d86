import type { ContainerLaunchSpec, RemoteLaunchSpec } from "@switchboard/catalog";
import { UnrecoverableError } from "bullmq";
import { scheduleMissingRefreshes } from "../credentials/schedule-missing-refreshes.ts";
import { checkHttpHealth } from "@switchboard/mcp-bridge";
import { checkContainerHealth } from "./check-server-health.ts";
import { settleUnlessRunning } from "./converge-installation.ts";
import { describeFailure, isPermanentFailure } from "./describe-failure.ts";
import { loadLaunch } from "./load-launch.ts";
import { prepareBundleImage } from "../bundles/prepare-bundle-image.ts";
import { prepareImage } from "./prepare-image.ts";
import type { RunnerContext } from "./runner-context.ts";
import { SupersededError, advanceInstallationStatus, setInstallationStatus } from "./set-installation-status.ts";
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
 * Brings an installation to RUNNING: image, container, health check, tools. Idempotent (an
 * unchanged container is reused). Every status write requires the installation to still exist and
 * be meant to run; when that fails, the newer intent is carried out instead. Failures are recorded
 * as ERROR with a secret-free reason and rethrown: UnrecoverableError when retrying cannot help.
 */
export async function startInstallation(
  ctx: RunnerContext,
  installationId: string,
  { reportProgress = true, failureStatus = "ERROR" }: StartOptions = {},
): Promise<void> {
  let secrets: readonly string[] = [];
  try {
    const loaded = await loadLaunch(ctx, installationId);
    if (loaded?.desiredState !== "RUNNING") throw new SupersededError(installationId);
    secrets = loaded.secrets;
    if (loaded.spec.kind === "remote") await startRemote(ctx, installationId, loaded.spec);
    else {
      await startContainer(ctx, installationId, loaded.spec, reportProgress);
      ctx.deliveredCredentialVersions.set(installationId, loaded.credentialVersion);
    }
    await scheduleFirstRefresh(ctx, installationId);
  } catch (error) {
    if (error instanceof SupersededError) {
      await settleUnlessRunning(ctx, installationId);
      return;
    }
    const reason = describeFailure(error, secrets);
    const permanent = isPermanentFailure(error);
    await setInstallationStatus(ctx, installationId, {
      status: permanent ? "ERROR" : failureStatus,
      statusReason: reason,
    });
    ctx.logger.warn({ installationId, reason }, "installation failed to start");
    throw permanent ? new UnrecoverableError(reason) : new Error(reason);
  }
}

/**
 * A new authorization's refresh job, now rather than at the next reconcile tick (which would add
 * it anyway, so a failure here is only logged).
 */
async function scheduleFirstRefresh(ctx: RunnerContext, installationId: string): Promise<void> {
  try {
    await scheduleMissingRefreshes(ctx, installationId);
  } catch (error) {
    ctx.logger.warn({ installationId, err: error }, "scheduling the credential refresh failed; reconcile will retry");
  }
}

async function startContainer(
  ctx: RunnerContext,
  installationId: string,
  spec: ContainerLaunchSpec,
  reportProgress: boolean,
): Promise<void> {
  // Only work a bare `docker run` also does waits on another step: status writes run beside the
  // image check and the health check, the image is inspected once, a stdio server's bridge attaches
  // before the container starts, and RUNNING is written as soon as tools/list has answered.
  const [{ image, imageId }] = await Promise.all([
    spec.bundle
      ? prepareBundleImage(ctx, spec.bundle, spec.image, spec.command[0])
      : prepareImage(ctx, spec.image).then((id) => ({ image: spec.image, imageId: id })),
    reportProgress && advanceInstallationStatus(ctx, installationId, { status: "PREPARING_IMAGE", statusReason: null }),
  ]);
  // Pinned before the container exists, so this runner's reconcile owns it even if the job dies here.
  if (reportProgress)
    await advanceInstallationStatus(ctx, installationId, { status: "STARTING", runnerId: ctx.runnerId });
  const attach =
    spec.http || ctx.bridges.get(installationId)
      ? undefined
      : (containerId: string) => ctx.bridges.preattach(installationId, containerId);
  const container = await ctx.runtime.ensureStarted(
    toContainerLaunch({ ...spec, image }, installationId, ctx.runnerId),
    {
      imageId,
      ...(attach && { attach }),
    },
  );
  ctx.attached.add(installationId);
  const [, report] = await Promise.all([
    advanceInstallationStatus(ctx, installationId, {
      ...(reportProgress && { status: "CHECKING" }),
      runnerId: ctx.runnerId,
      containerId: container.containerId,
      lastStartedAt: container.startedAt ? new Date(container.startedAt) : new Date(),
    }),
    checkContainerHealth(ctx, container, spec.http?.headers ?? {}),
  ]);
  // The gateway reaches HTTP servers at the same bridge URL as stdio ones; the runner proxies.
  if (container.httpUrl)
    ctx.bridges.setHttpTarget(installationId, { url: container.httpUrl, headers: spec.http?.headers ?? {} });
  await advanceInstallationStatus(ctx, installationId, {
    status: "RUNNING",
    statusReason: null,
    serverInfo: toJson(report.serverInfo),
    tools: toJson(report.tools),
  });
}

/** Remote servers get no container; the check tells the user early when the URL or token is wrong. */
async function startRemote(ctx: RunnerContext, installationId: string, spec: RemoteLaunchSpec): Promise<void> {
  const unpinned = { runnerId: null, containerId: null };
  if (!ctx.checkRemote || spec.transport !== "streamable-http") {
    await advanceInstallationStatus(ctx, installationId, {
      ...unpinned,
      status: "RUNNING",
      statusReason: ctx.checkRemote
        ? "Not health-checked: SSE servers are checked on first use"
        : "Not health-checked: remote checks are turned off on this runner",
    });
    return;
  }
  await advanceInstallationStatus(ctx, installationId, { ...unpinned, status: "CHECKING", statusReason: null });
  const report = await checkHttpHealth(spec.url, { timeoutMs: REMOTE_CHECK_TIMEOUT_MS }, spec.headers, ctx.remoteFetch);
  await advanceInstallationStatus(ctx, installationId, {
    status: "RUNNING",
    statusReason: null,
    serverInfo: toJson(report.serverInfo),
    tools: toJson(report.tools),
  });
}
