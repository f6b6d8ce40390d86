import type { DesiredState } from "@switchboard/db";
import { removeInstallation } from "./remove-installation.ts";
import type { RunnerContext } from "./runner-context.ts";
import { stopInstallation } from "./stop-installation.ts";

/**
 * Jobs act on the current desired state, not on their name: a stop that arrives after a newer start
 * (or a start after the row was deleted) must not undo it. Returns the desired state when the
 * installation should run, so the caller can start it.
 */
export async function settleUnlessRunning(ctx: RunnerContext, installationId: string): Promise<DesiredState | null> {
  const installation = await ctx.prisma.installation.findUnique({
    where: { id: installationId },
    select: { desiredState: true },
  });
  if (!installation) await removeInstallation(ctx, installationId);
  else if (installation.desiredState === "STOPPED") await stopInstallation(ctx, installationId);
  return installation?.desiredState ?? null;
}
