import { adoptOrphanedInstallations } from "./adopt-installations.ts";
import { planReconcile } from "./plan-reconcile.ts";
import type { ReconcileAction } from "./plan-reconcile.ts";
import { CRASH_LOOP_THRESHOLD } from "./plan-restart.ts";
import { removeInstallation } from "./remove-installation.ts";
import type { RunnerContext } from "./runner-context.ts";
import { setInstallationStatus } from "./set-installation-status.ts";
import { startInstallation } from "./start-installation.ts";
import { stopInstallation } from "./stop-installation.ts";

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
    select: {
      id: true,
      desiredState: true,
      status: true,
      runnerId: true,
      restartCount: true,
      lastStartedAt: true,
      updatedAt: true,
    },
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
  for (const action of actions) {
    ctx.logger.info({ installationId: action.installationId, action: action.kind }, "reconcile");
    await applyAction(ctx, action).catch((error: unknown) => failures.push(error));
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} reconcile action(s) failed`);
  return actions;
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
