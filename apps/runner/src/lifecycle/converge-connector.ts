import type { DesiredState } from "@switchboard/db";
import { removeConnector } from "./remove-connector.ts";
import type { RunnerContext } from "./runner-context.ts";
import { stopConnector } from "./stop-connector.ts";

/**
 * Jobs act on the current desired state, not on their name: a stop that arrives after a newer start
 * (or a start after the row was deleted) must not undo it. Returns the desired state when the
 * connector should run, so the caller can start it.
 */
export async function settleUnlessRunning(ctx: RunnerContext, connectorId: string): Promise<DesiredState | null> {
  const connector = await ctx.prisma.connector.findUnique({
    where: { id: connectorId },
    select: { desiredState: true },
  });
  if (!connector) await removeConnector(ctx, connectorId);
  else if (connector.desiredState === "STOPPED") await stopConnector(ctx, connectorId);
  return connector?.desiredState ?? null;
}
