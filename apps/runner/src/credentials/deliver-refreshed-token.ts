import { loadLaunch } from "../lifecycle/load-launch.ts";
import type { RunnerContext } from "../lifecycle/runner-context.ts";
import { startInstallation } from "../lifecycle/start-installation.ts";

export type Delivery = "none" | "files" | "restart";

/**
 * Gets a refreshed access token to the installation's running container on this runner: files
 * are rewritten in place (the server reads them again, no restart); a token in an env var needs
 * a new container, so the installation is started again from the current spec (its hash changed,
 * so the runtime stops the old container and creates a new one). A local HTTP server's headers
 * are swapped in the runner's HTTP bridge; remote servers need nothing: the gateway reads the
 * current token. A container that is not running
 * here gets the new token from its own runner (`deliverStaleCredentials`) or when it next starts.
 */
export async function deliverRefreshedToken(ctx: RunnerContext, installationId: string): Promise<Delivery> {
  const container = await ctx.runtime.inspectStatus(installationId);
  if (container?.state !== "running") return "none";
  const loaded = await loadLaunch(ctx, installationId);
  if (loaded?.desiredState !== "RUNNING" || loaded.spec.kind !== "container") return "none";
  if (loaded.tokenDeliveries.includes("env")) {
    // Under the installation's lock: the old container's exit is this recreate, not a crash to recover from.
    await ctx.installationLocks.run(installationId, () =>
      startInstallation(ctx, installationId, { reportProgress: false, failureStatus: "UNHEALTHY" }),
    );
    return "restart";
  }
  const httpTarget = ctx.bridges.getHttpTarget(installationId);
  if (httpTarget && loaded.spec.http)
    ctx.bridges.setHttpTarget(installationId, { ...httpTarget, headers: loaded.spec.http.headers });
  if (loaded.tokenDeliveries.includes("file")) {
    for (const file of loaded.spec.files) {
      await ctx.runtime.rewriteCredentialFile(installationId, file.path, file.content);
    }
  }
  ctx.deliveredCredentialVersions.set(installationId, loaded.credentialVersion);
  return loaded.tokenDeliveries.includes("file") ? "files" : "none";
}
