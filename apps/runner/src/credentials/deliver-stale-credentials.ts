import type { RunnerContext } from "../lifecycle/runner-context.ts";
import { deliverRefreshedToken } from "./deliver-refreshed-token.ts";

/**
 * Delivers credentials refreshed where this runner did not see it (by the gateway after a 401, or
 * by another runner's refresh job) to the containers this runner runs. Part of every reconcile
 * tick; refreshes happen a margin before expiry, so the tick's delay is harmless.
 */
export async function deliverStaleCredentials(ctx: RunnerContext): Promise<number> {
  const credentials = await ctx.prisma.oAuthCredential.findMany({
    where: { connector: { runnerId: ctx.runnerId, desiredState: "RUNNING" } },
    select: { connectorId: true, version: true },
  });
  const stale = credentials.filter(
    ({ connectorId, version }) =>
      ctx.attached.has(connectorId) && (ctx.deliveredCredentialVersions.get(connectorId) ?? version) < version,
  );
  const failures: unknown[] = [];
  for (const { connectorId } of stale) {
    try {
      const delivery = await deliverRefreshedToken(ctx, connectorId);
      ctx.logger.info({ connectorId, delivery }, "delivered a credential refreshed elsewhere");
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} credential deliveries failed`);
  return stale.length;
}
