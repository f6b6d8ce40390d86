import { adoptOrphanedInstallations } from "./adopt-installations.ts";
import { planReconcile } from "./plan-reconcile.ts";
import type { ReconcileAction } from "./plan-reconcile.ts";
import { CRASH_LOOP_THRESHOLD } from "./plan-restart.ts";
import { removeInstallation } from "./remove-installation.ts";
import type { RunnerContext } from "./runner-context.ts";
import { setInstallationStatus } from "./set-installation-status.ts";
import { startInstallation } from "./start-installation.ts";
import { stopInstallation } from "./stop-installation.ts";

const RECONCILE_SELECT = {
  id: true,
  desiredState: true,
  status: true,
  runnerId: true,
  restartCount: true,
  lastStartedAt: true,
  updatedAt: true,
} as const;

/** Actions of different installations run side by side (a restarted runner re-attaches all at once), this many at a time. */
const PARALLEL_ACTIONS = 8;

/**
 * One reconcile pass over this runner's containers and installations, including those it adopts
 * from runners that are gone. Every action runs even when another fails; failures are thrown
 * together at the end so the job records them.
 */
export async function reconcileRunner(ctx: RunnerContext, now = new Date()): Promise<ReconcileAction[]> {
  const adopted = new Set(await adoptOrphanedInstallations(ctx));
  const containers = await ctx.runtime.listManaged(ctx.runnerId);
  const installations = await ctx.prisma.installation.findMany({
    where: {
      OR: [
        { runnerId: ctx.runnerId },
        { runnerId: null, desiredState: "RUNNING", status: "QUEUED" },
        { id: { in: containers.map((container) => container.installationId) } },
      ],
    },
    select: RECONCILE_SELECT,
  });
  const actions = planReconcile({
    runnerId: ctx.runnerId,
    containers,
    installations,
    attached: ctx.attached,
    adopted,
    now,
  });
  const failures: unknown[] = [];
  let next = 0;
  const work = async () => {
    for (let action = actions[next++]; action; action = actions[next++]) {
      const current = action;
      await ctx.installationLocks
        .run(current.installationId, () => applyLogged(ctx, current))
        .catch((error: unknown) => failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_ACTIONS, actions.length) }, work));
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} reconcile action(s) failed`);
  return actions;
}

/**
 * The reconcile pass of one installation, as the container's exit event asks for it: the same
 * plan (restart with crash-loop backoff, stop, remove) from its current row and container. The
 * caller holds the installation's lock.
 */
export async function reconcileInstallation(
  ctx: RunnerContext,
  installationId: string,
  now = new Date(),
): Promise<ReconcileAction[]> {
  const container = await ctx.runtime.inspectStatus(installationId);
  const installation = await ctx.prisma.installation.findUnique({
    where: { id: installationId },
    select: RECONCILE_SELECT,
  });
  const actions = planReconcile({
    runnerId: ctx.runnerId,
    // A container of another runner sharing this Docker host is not ours to act on.
    containers: container?.runnerId === ctx.runnerId ? [container] : [],
    installations: installation ? [installation] : [],
    attached: ctx.attached,
    adopted: new Set(),
    now,
  });
  for (const action of actions) await applyLogged(ctx, action);
  return actions;
}

function applyLogged(ctx: RunnerContext, action: ReconcileAction): Promise<void> {
  ctx.logger.info({ installationId: action.installationId, action: action.kind }, "reconcile");
  return applyAction(ctx, action);
}

async function applyAction(ctx: RunnerContext, action: ReconcileAction): Promise<void> {
  const { installationId } = action;
  switch (action.kind) {
    case "remove":
      return removeInstallation(ctx, installationId);
    case "stop":
      return stopInstallation(ctx, installationId);
    case "adopt":
      return startInstallation(ctx, installationId, { reportProgress: false, failureStatus: "UNHEALTHY" });
    case "start": {
      if (action.claim && !(await claimInstallation(ctx, installationId))) return;
      return startInstallation(ctx, installationId);
    }
    case "back-off":
      await setInstallationStatus(ctx, installationId, {
        status: "CRASH_LOOPING",
        statusReason: describeCrashLoop(action.plan.crashes, action.plan.restartAt),
      });
      return;
    case "restart": {
      const { crashes, crashLooping } = action.plan;
      // The old bridge's attach ended with the server; the health check must not reach it.
      await ctx.bridges.close(installationId);
      await setInstallationStatus(ctx, installationId, {
        restartCount: crashes,
        ...(crashLooping && { status: "CRASH_LOOPING", statusReason: describeCrashLoop(crashes, null) }),
      });
      return startInstallation(ctx, installationId, {
        reportProgress: !crashLooping,
        failureStatus: crashLooping ? "CRASH_LOOPING" : "UNHEALTHY",
      });
    }
  }
}

/** Several runners may see the same unpinned installation; the conditional update lets exactly one take it. */
async function claimInstallation(ctx: RunnerContext, installationId: string): Promise<boolean> {
  const { count } = await ctx.prisma.installation.updateMany({
    where: { id: installationId, runnerId: null, desiredState: "RUNNING" },
    data: { runnerId: ctx.runnerId },
  });
  return count > 0;
}

function describeCrashLoop(crashes: number, restartAt: Date | null): string {
  const next = restartAt ? `next restart at ${restartAt.toISOString()}` : "restarting now";
  return `The server exited ${crashes} times within 10 minutes (${CRASH_LOOP_THRESHOLD} make a crash loop); ${next}.`;
}
