import { settleUnlessRunning } from "./converge-connector.ts";
import type { RunnerContext } from "./runner-context.ts";
import { startConnector } from "./start-connector.ts";
import { stopContainer } from "./stop-connector.ts";

export async function restartConnector(ctx: RunnerContext, connectorId: string): Promise<void> {
  if ((await settleUnlessRunning(ctx, connectorId)) !== "RUNNING") return;
  await stopContainer(ctx, connectorId);
  await startConnector(ctx, connectorId);
}
