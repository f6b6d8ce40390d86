import type { Prisma } from "@switchboard/db";
import type { RunnerContext } from "./runner-context.ts";

/** A status write refused because the installation was deleted or stopped meanwhile: the newer intent wins. */
export class SupersededError extends Error {
  constructor(installationId: string) {
    super(`Installation ${installationId} was stopped or removed meanwhile`);
    this.name = "SupersededError";
  }
}

/** Writes status fields only while the installation exists and should run; returns whether it did. */
export async function setInstallationStatus(
  ctx: RunnerContext,
  installationId: string,
  data: Prisma.InstallationUpdateManyMutationInput,
): Promise<boolean> {
  const { count } = await ctx.prisma.installation.updateMany({
    where: { id: installationId, desiredState: "RUNNING" },
    data,
  });
  if (count > 0 && data.status) ctx.logger.info({ installationId, status: data.status }, "installation status");
  return count > 0;
}

/** Like setInstallationStatus, but throws SupersededError so a start stops right where it is. */
export async function advanceInstallationStatus(
  ctx: RunnerContext,
  installationId: string,
  data: Prisma.InstallationUpdateManyMutationInput,
): Promise<void> {
  if (!(await setInstallationStatus(ctx, installationId, data))) throw new SupersededError(installationId);
}
