import { reconcileInstallation } from "./reconcile-runner.ts";
import type { RunnerContext } from "./runner-context.ts";

/**
 * Restarts a server the moment its container exits instead of at the next reconcile tick: each
 * Docker exit event of this runner's containers runs that installation's reconcile, under its lock,
 * so a stop or recreate the runner itself is doing finishes first and the recovery sees it. A crash
 * loop's backoff is kept: a restart that must wait is retried when the wait is over. A lost event
 * stream is followed by a full reconcile (`onResubscribed`), as the events meanwhile are gone.
 */
export function startExitRecovery(ctx: RunnerContext, onResubscribed: () => void): () => void {
  // Several events of one exit (oom, die, destroy) wait for one reconcile, not one each.
  const queued = new Set<string>();
  const backOffTimers = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  function recover(installationId: string): void {
    if (stopped || queued.has(installationId)) return;
    queued.add(installationId);
    clearTimeout(backOffTimers.get(installationId));
    backOffTimers.delete(installationId);
    void ctx.installationLocks
      .run(installationId, () => {
        queued.delete(installationId);
        return stopped ? Promise.resolve([]) : reconcileInstallation(ctx, installationId);
      })
      .then((actions) => {
        for (const action of actions) if (action.kind === "back-off") retryAt(installationId, action.plan.restartAt);
      })
      .catch((error: unknown) =>
        ctx.logger.warn({ installationId, err: error }, "restarting an exited container failed; reconcile will retry"),
      );
  }

  function retryAt(installationId: string, at: Date): void {
    if (stopped) return;
    const timer = setTimeout(() => recover(installationId), Math.max(0, at.getTime() - Date.now()));
    timer.unref();
    backOffTimers.set(installationId, timer);
  }

  const unsubscribe = ctx.runtime.watchExits(ctx.runnerId, { onExit: recover, onResubscribed });
  return () => {
    stopped = true;
    unsubscribe();
    for (const timer of backOffTimers.values()) clearTimeout(timer);
    backOffTimers.clear();
  };
}
