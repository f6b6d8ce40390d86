import type { RunnerContext } from "./runner-context.ts";

/** Removes container, bridge and credential files. Works without the row: web deletes it on uninstall. */
export async function removeConnector(ctx: RunnerContext, connectorId: string): Promise<void> {
  ctx.attached.delete(connectorId);
  ctx.deliveredCredentialVersions.delete(connectorId);
  await ctx.bridges.close(connectorId);
  await ctx.runtime.remove(connectorId);
}
