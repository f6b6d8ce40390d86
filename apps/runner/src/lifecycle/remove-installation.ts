import type { RunnerContext } from "./runner-context.ts";

/** Removes container, bridge and credential files. Works without the row: web deletes it on uninstall. */
export async function removeInstallation(ctx: RunnerContext, installationId: string): Promise<void> {
  ctx.attached.delete(installationId);
  ctx.deliveredCredentialVersions.delete(installationId);
  await ctx.bridges.close(installationId);
  await ctx.runtime.remove(installationId);
}
