import type { RunnerContext } from "./runner-context.ts";

/** Stops the container (keeping it for a later start) and its bridge. */
export async function stopContainer(ctx: RunnerContext, connectorId: string): Promise<void> {
  ctx.attached.delete(connectorId);
  ctx.deliveredCredentialVersions.delete(connectorId);
  await ctx.bridges.close(connectorId);
  await ctx.runtime.stop(connectorId);
}

/** Stops the connector and records STOPPED, unless it was asked to run again meanwhile. */
export async function stopConnector(ctx: RunnerContext, connectorId: string): Promise<void> {
  await stopContainer(ctx, connectorId);
  const { count } = await ctx.prisma.connector.updateMany({
    where: { id: connectorId, desiredState: "STOPPED" },
    data: { status: "STOPPED", statusReason: null },
  });
  if (count > 0) ctx.logger.info({ connectorId, status: "STOPPED" }, "connector status");
}
