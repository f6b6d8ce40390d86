import { loadLaunch } from "../lifecycle/load-launch.ts";
import type { RunnerContext } from "../lifecycle/runner-context.ts";
import { startConnector } from "../lifecycle/start-connector.ts";

export type Delivery = "none" | "files" | "restart";

/**
 * Gets a refreshed access token to the connector's running container on this runner: files
 * are rewritten in place (the server reads them again, no restart); a token in an env var needs
 * a new container, so the connector is started again from the current spec (its hash changed,
 * so the runtime stops the old container and creates a new one). A local HTTP server's headers
 * are swapped in the runner's HTTP bridge; remote servers need nothing: the gateway reads the
 * current token. A container that is not running
 * here gets the new token from its own runner (`deliverStaleCredentials`) or when it next starts.
 */
export async function deliverRefreshedToken(ctx: RunnerContext, connectorId: string): Promise<Delivery> {
  const container = await ctx.runtime.inspectStatus(connectorId);
  if (container?.state !== "running") return "none";
  const loaded = await loadLaunch(ctx, connectorId);
  if (loaded?.desiredState !== "RUNNING" || loaded.spec.kind !== "container") return "none";
  if (loaded.tokenDeliveries.includes("env")) {
    // Under the connector's lock: the old container's exit is this recreate, not a crash to recover from.
    await ctx.connectorLocks.run(connectorId, () =>
      startConnector(ctx, connectorId, { reportProgress: false, failureStatus: "UNHEALTHY" }),
    );
    return "restart";
  }
  const httpTarget = ctx.bridges.getHttpTarget(connectorId);
  if (httpTarget && loaded.spec.http)
    ctx.bridges.setHttpTarget(connectorId, { ...httpTarget, headers: loaded.spec.http.headers });
  // Before the server can read the new token, and print it.
  ctx.runtime.redactLogs(connectorId, loaded.secrets);
  if (loaded.tokenDeliveries.includes("file")) {
    for (const file of loaded.spec.files) {
      await ctx.runtime.rewriteCredentialFile(connectorId, file.path, file.content);
    }
  }
  ctx.deliveredCredentialVersions.set(connectorId, loaded.credentialVersion);
  return loaded.tokenDeliveries.includes("file") ? "files" : "none";
}
