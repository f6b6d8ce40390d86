import { adoptOrphanedConnectors } from "./adopt-connectors.ts";
import { planReconcile } from "./plan-reconcile.ts";
import type { ReconcileAction } from "./plan-reconcile.ts";
import { CRASH_LOOP_THRESHOLD } from "./plan-restart.ts";
import { removeConnector } from "./remove-connector.ts";
import type { RunnerContext } from "./runner-context.ts";
import { setConnectorStatus } from "./set-connector-status.ts";
import { startConnector } from "./start-connector.ts";
import { stopConnector } from "./stop-connector.ts";

const RECONCILE_SELECT = {
  id: true,
  desiredState: true,
  status: true,
  runnerId: true,
  restartCount: true,
  lastStartedAt: true,
  updatedAt: true,
} as const;

/** Actions of different connectors run side by side (a restarted runner re-attaches all at once), this many at a time. */
const PARALLEL_ACTIONS = 8;

/**
 * One reconcile pass over this runner's containers and connectors, including those it adopts
 * from runners that are gone. Every action runs even when another fails; failures are thrown
 * together at the end so the job records them.
 */
export async function reconcileRunner(ctx: RunnerContext, now = new Date()): Promise<ReconcileAction[]> {
  const adopted = new Set(await adoptOrphanedConnectors(ctx));
  const containers = await ctx.runtime.listManaged(ctx.runnerId);
  const connectors = await ctx.prisma.connector.findMany({
    where: {
      OR: [
        { runnerId: ctx.runnerId },
        { runnerId: null, desiredState: "RUNNING", status: "QUEUED" },
        { id: { in: containers.map((container) => container.connectorId) } },
      ],
    },
    select: RECONCILE_SELECT,
  });
  const actions = planReconcile({
    runnerId: ctx.runnerId,
    containers,
    connectors,
    attached: ctx.attached,
    adopted,
    now,
  });
  const failures: unknown[] = [];
  let next = 0;
  const work = async () => {
    for (let action = actions[next++]; action; action = actions[next++]) {
      const current = action;
      await ctx.connectorLocks
        .run(current.connectorId, () => applyLogged(ctx, current))
        .catch((error: unknown) => failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_ACTIONS, actions.length) }, work));
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} reconcile action(s) failed`);
  return actions;
}

/**
 * The reconcile pass of one connector, as the container's exit event asks for it: the same
 * plan (restart with crash-loop backoff, stop, remove) from its current row and container. The
 * caller holds the connector's lock.
 */
export async function reconcileConnector(
  ctx: RunnerContext,
  connectorId: string,
  now = new Date(),
): Promise<ReconcileAction[]> {
  const container = await ctx.runtime.inspectStatus(connectorId);
  const connector = await ctx.prisma.connector.findUnique({
    where: { id: connectorId },
    select: RECONCILE_SELECT,
  });
  const actions = planReconcile({
    runnerId: ctx.runnerId,
    // A container of another runner sharing this Docker host is not ours to act on.
    containers: container?.runnerId === ctx.runnerId ? [container] : [],
    connectors: connector ? [connector] : [],
    attached: ctx.attached,
    adopted: new Set(),
    now,
  });
  for (const action of actions) await applyLogged(ctx, action);
  return actions;
}

function applyLogged(ctx: RunnerContext, action: ReconcileAction): Promise<void> {
  ctx.logger.info({ connectorId: action.connectorId, action: action.kind }, "reconcile");
  return applyAction(ctx, action);
}

async function applyAction(ctx: RunnerContext, action: ReconcileAction): Promise<void> {
  const { connectorId } = action;
  switch (action.kind) {
    case "remove":
      return removeConnector(ctx, connectorId);
    case "stop":
      return stopConnector(ctx, connectorId);
    case "adopt":
      return startConnector(ctx, connectorId, { reportProgress: false, failureStatus: "UNHEALTHY" });
    case "start": {
      if (action.claim && !(await claimConnector(ctx, connectorId))) return;
      return startConnector(ctx, connectorId);
    }
    case "back-off":
      await setConnectorStatus(ctx, connectorId, {
        status: "CRASH_LOOPING",
        statusReason: describeCrashLoop(action.plan.crashes, action.plan.restartAt),
      });
      return;
    case "restart": {
      const { crashes, crashLooping } = action.plan;
      // The old bridge's attach ended with the server; the health check must not reach it.
      await ctx.bridges.close(connectorId);
      await setConnectorStatus(ctx, connectorId, {
        restartCount: crashes,
        ...(crashLooping && { status: "CRASH_LOOPING", statusReason: describeCrashLoop(crashes, null) }),
      });
      return startConnector(ctx, connectorId, {
        reportProgress: !crashLooping,
        failureStatus: crashLooping ? "CRASH_LOOPING" : "UNHEALTHY",
      });
    }
  }
}

/** Several runners may see the same unpinned connector; the conditional update lets exactly one take it. */
async function claimConnector(ctx: RunnerContext, connectorId: string): Promise<boolean> {
  const { count } = await ctx.prisma.connector.updateMany({
    where: { id: connectorId, runnerId: null, desiredState: "RUNNING" },
    data: { runnerId: ctx.runnerId },
  });
  return count > 0;
}

function describeCrashLoop(crashes: number, restartAt: Date | null): string {
  const next = restartAt ? `next restart at ${restartAt.toISOString()}` : "restarting now";
  return `The server exited ${crashes} times within 10 minutes (${CRASH_LOOP_THRESHOLD} make a crash loop); ${next}.`;
}
