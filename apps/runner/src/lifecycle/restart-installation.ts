import { settleUnlessRunning } from "./converge-installation.ts";
import type { RunnerContext } from "./runner-context.ts";
import { startInstallation } from "./start-installation.ts";
import { stopContainer } from "./stop-installation.ts";

export async function restartInstallation(ctx: RunnerContext, installationId: string): Promise<void> {
  if ((await settleUnlessRunning(ctx, installationId)) !== "RUNNING") return;
  await stopContainer(ctx, installationId);
  await startInstallation(ctx, installationId);
}
