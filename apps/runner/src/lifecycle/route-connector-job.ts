import { adoptConnectors } from "./adopt-connectors.ts";
import type { RunnerContext } from "./runner-context.ts";

export type JobRoute = { kind: "here" } | { kind: "forward"; runnerId: string } | { kind: "wait" };

/**
 * Which runner carries out a job for this connector, wherever the job was queued. This one when
 * it owns the connector, when none does (remote, or not started yet: the start pins it here), or
 * when the row is gone (a remove: any container left is removed by its own runner's reconcile).
 * The owner when that runner is alive: web queued the job before the owner pinned it, or while the
 * owner looked gone. This one again after adopting it from an owner that is gone; "wait" while it
 * cannot tell yet whether the owner is gone.
 */
export async function routeConnectorJob(ctx: RunnerContext, connectorId: string): Promise<JobRoute> {
  for (;;) {
    const connector = await ctx.prisma.connector.findUnique({
      where: { id: connectorId },
      select: { runnerId: true },
    });
    const owner = connector?.runnerId ?? null;
    if (owner === null || owner === ctx.runnerId) return { kind: "here" };
    const state = await ctx.presence.stateOf(owner);
    if (state === "alive") return { kind: "forward", runnerId: owner };
    if (state === "unknown") return { kind: "wait" };
    // Another runner may adopt it first; then the loop forwards the job to that one.
    if ((await adoptConnectors(ctx, owner, connectorId)).length > 0) return { kind: "here" };
  }
}
