import type { RunnerContext } from "./runner-context.ts";

/**
 * Takes over connectors of a runner that is gone (all of them, or one), so their servers run
 * again on this runner's Docker host and their jobs find a consumer. The update is conditional on
 * the old owner: when several runners adopt at once, each connector goes to exactly one.
 * Returns the ids taken over.
 */
export async function adoptConnectors(
  ctx: RunnerContext,
  fromRunnerId: string,
  connectorId?: string,
): Promise<string[]> {
  const adopted = await ctx.prisma.connector.updateManyAndReturn({
    where: { runnerId: fromRunnerId, ...(connectorId && { id: connectorId }) },
    // Its restarts happened elsewhere; here it starts with a clean crash count.
    data: { runnerId: ctx.runnerId, containerId: null, restartCount: 0 },
    select: { id: true },
  });
  const ids = adopted.map((connector) => connector.id);
  if (ids.length > 0)
    ctx.logger.warn({ fromRunnerId, connectorIds: ids }, "adopted connectors of a runner that is gone");
  return ids;
}

/** Adopts the connectors of every runner whose heartbeat is gone; part of each reconcile pass. */
export async function adoptOrphanedConnectors(ctx: RunnerContext): Promise<string[]> {
  const owners = await ctx.prisma.connector.findMany({
    where: { runnerId: { not: null }, NOT: { runnerId: ctx.runnerId } },
    distinct: ["runnerId"],
    select: { runnerId: true },
  });
  const adopted: string[] = [];
  for (const { runnerId } of owners) {
    if (runnerId && (await ctx.presence.stateOf(runnerId)) === "gone") {
      adopted.push(...(await adoptConnectors(ctx, runnerId)));
    }
  }
  return adopted;
}
