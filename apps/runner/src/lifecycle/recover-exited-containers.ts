import { reconcileConnector } from "./reconcile-runner.ts";
import type { RunnerContext } from "./runner-context.ts";

/**
 * Restarts a server the moment its container exits instead of at the next reconcile tick: each
 * Docker exit event of this runner's containers runs that connector's reconcile, under its lock,
 * so a stop or recreate the runner itself is doing finishes first and the recovery sees it. A crash
 * loop's backoff is kept: a restart that must wait is retried when the wait is over. A lost event
 * stream is followed by a full reconcile (`onResubscribed`), as the events meanwhile are gone.
 */
export function startExitRecovery(ctx: RunnerContext, onResubscribed: () => void): () => void {
  // Several events of one exit (oom, die, destroy) wait for one reconcile, not one each.
  const queued = new Set<string>();
  const backOffTimers = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  function recover(connectorId: string): void {
    if (stopped || queued.has(connectorId)) return;
    queued.add(connectorId);
    clearTimeout(backOffTimers.get(connectorId));
    backOffTimers.delete(connectorId);
    void ctx.connectorLocks
      .run(connectorId, () => {
        queued.delete(connectorId);
        return stopped ? Promise.resolve([]) : reconcileConnector(ctx, connectorId);
      })
      .then((actions) => {
        for (const action of actions) if (action.kind === "back-off") retryAt(connectorId, action.plan.restartAt);
      })
      .catch((error: unknown) =>
        ctx.logger.warn({ connectorId, err: error }, "restarting an exited container failed; reconcile will retry"),
      );
  }

  function retryAt(connectorId: string, at: Date): void {
    if (stopped) return;
    const timer = setTimeout(() => recover(connectorId), Math.max(0, at.getTime() - Date.now()));
    timer.unref();
    backOffTimers.set(connectorId, timer);
  }

  const unsubscribe = ctx.runtime.watchExits(ctx.runnerId, { onExit: recover, onResubscribed });
  return () => {
    stopped = true;
    unsubscribe();
    for (const timer of backOffTimers.values()) clearTimeout(timer);
    backOffTimers.clear();
  };
}
