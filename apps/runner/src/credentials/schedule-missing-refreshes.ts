import { listRefreshSchedules } from "@switchboard/db/credentials";
import type { RunnerContext } from "../lifecycle/runner-context.ts";
import { scheduleCredentialRefresh } from "./schedule-credential-refresh.ts";

const BATCH_SIZE = 200;

/**
 * Self-healing: gives every refreshable credential (or only the one of `connectorId`) whose job
 * is missing (Redis lost, a job that gave up, a new authorization) its job. Runs at start-up, on
 * every reconcile tick and when a connector starts; every runner may run it, since scheduling
 * is idempotent.
 */
export async function scheduleMissingRefreshes(ctx: RunnerContext, connectorId?: string): Promise<number> {
  const schedules = await listRefreshSchedules(ctx.prisma, connectorId);
  const now = Date.now();
  let added = 0;
  for (let start = 0; start < schedules.length; start += BATCH_SIZE) {
    const batch = schedules.slice(start, start + BATCH_SIZE);
    const results = await Promise.all(
      batch.map((schedule) => scheduleCredentialRefresh(ctx.producer, schedule, ctx.refresh.policy, now)),
    );
    added += results.filter(Boolean).length;
  }
  if (added > 0) ctx.logger.info({ added }, "scheduled missing credential refreshes");
  return added;
}
