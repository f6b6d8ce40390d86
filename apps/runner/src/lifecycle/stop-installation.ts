import type { RunnerContext } from "./runner-context.ts";

/** Stops the container (keeping it for a later start) and its bridge. */
export async function stopContainer(ctx: RunnerContext, installationId: string): Promise<void> {
  ctx.attached.delete(installationId);
  ctx.deliveredCredentialVersions.delete(installationId);
  await ctx.bridges.close(installationId);
  await ctx.runtime.stop(installationId);
}

/** Stops the installation and records STOPPED, unless it was asked to run again meanwhile. */
export async function stopInstallation(ctx: RunnerContext, installationId: string): Promise<void> {
  await stopContainer(ctx, installationId);
  const { count } = await ctx.prisma.installation.updateMany({
    where: { id: installationId, desiredState: "STOPPED" },
    data: { status: "STOPPED", statusReason: null },
  });
  if (count > 0) ctx.logger.info({ installationId, status: "STOPPED" }, "installation status");
}
