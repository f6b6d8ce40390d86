import type { Prisma } from "@switchboard/db";
import type { RunnerContext } from "./runner-context.ts";

/** A status write refused because the connector was deleted or stopped meanwhile: the newer intent wins. */
export class SupersededError extends Error {
  constructor(connectorId: string) {
    super(`Connector ${connectorId} was stopped or removed meanwhile`);
    this.name = "SupersededError";
  }
}

/** Writes status fields only while the connector exists and should run; returns whether it did. */
export async function setConnectorStatus(
  ctx: RunnerContext,
  connectorId: string,
  data: Prisma.ConnectorUpdateManyMutationInput,
): Promise<boolean> {
  const { count } = await ctx.prisma.connector.updateMany({
    where: { id: connectorId, desiredState: "RUNNING" },
    data,
  });
  if (count > 0 && data.status) ctx.logger.info({ connectorId, status: data.status }, "connector status");
  return count > 0;
}

/** Like setConnectorStatus, but throws SupersededError so a start stops right where it is. */
export async function advanceConnectorStatus(
  ctx: RunnerContext,
  connectorId: string,
  data: Prisma.ConnectorUpdateManyMutationInput,
): Promise<void> {
  if (!(await setConnectorStatus(ctx, connectorId, data))) throw new SupersededError(connectorId);
}
