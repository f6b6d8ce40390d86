import type { PrismaClient } from "@switchboard/db";
import type { Logger } from "pino";
import { listAllPages } from "./list-all-pages.ts";
import type { UpstreamPool } from "./upstream-pool.ts";

/**
 * Keeps a running connector's recorded tools (what every client lists and calls, see
 * visible-connectors.ts; the runner records them at start) in step with a server that changes
 * them while it runs: on its `tools/list_changed` they are listed again on the pooled connection
 * and stored if they differ. That moves the connector's `updatedAt`, so every session and every
 * gateway instance re-reads its routes and tells its clients; instances that got the same
 * notification find the tools already stored and write nothing. One refresh per connector at a
 * time; a change announced during one is listed once more after it.
 */
export function createRecordedToolsRefresh(pool: UpstreamPool, prisma: PrismaClient, logger: Logger) {
  /** Connectors being refreshed → whether another change was announced meanwhile. */
  const refreshing = new Map<string, boolean>();

  async function refreshOnce(connectorId: string): Promise<void> {
    const tools = await pool.use(connectorId, ({ client }) =>
      listAllPages(async (cursor) => {
        const page = await client.listTools(cursor);
        return { items: page.tools, nextCursor: page.nextCursor };
      }),
    );
    const stored = JSON.stringify(tools);
    await prisma.$executeRaw`
      UPDATE "Installation" SET "tools" = ${stored}::jsonb, "updatedAt" = now()
       WHERE "id" = ${connectorId}::uuid AND "status" = 'RUNNING' AND "tools" IS DISTINCT FROM ${stored}::jsonb`;
  }

  return async function refresh(connectorId: string): Promise<void> {
    if (refreshing.has(connectorId)) return void refreshing.set(connectorId, true);
    try {
      do {
        refreshing.set(connectorId, false);
        await refreshOnce(connectorId);
      } while (refreshing.get(connectorId));
    } catch (error) {
      logger.warn({ connectorId, err: error }, "could not record the tools a connector changed");
    } finally {
      refreshing.delete(connectorId);
    }
  };
}
