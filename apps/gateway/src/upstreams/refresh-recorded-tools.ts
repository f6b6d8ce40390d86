import { setTimeout as sleep } from "node:timers/promises";
import type { PrismaClient } from "@switchboard/db";
import type { Logger } from "pino";
import { listAllPages } from "./list-all-pages.ts";
import type { UpstreamPool } from "./upstream-pool.ts";

export interface RecordedToolsRefreshOptions {
  /** Least time between two listings of one connector's tools. Default 5 s. */
  minIntervalMs?: number;
  /** Largest tool list (JSON bytes) stored; a larger one is logged and left unstored. Default 4 MiB. */
  maxBytes?: number;
}

/**
 * Keeps a running connector's recorded tools (what every client lists and calls, see
 * visible-connectors.ts; the runner records them at start) in step with a server that changes
 * them while it runs: on its `tools/list_changed` they are listed again on the pooled connection
 * and stored if they differ. That moves the connector's `updatedAt`, so every session and every
 * gateway instance re-reads its routes and tells its clients; instances that got the same
 * notification find the tools already stored and write nothing. One refresh per connector at a
 * time, and at most one per `minIntervalMs`: the server decides when it announces a change, and a
 * server announcing one without pause (answering each listing with another list) would otherwise
 * have its tools rewritten as fast as it can answer and every session of every instance re-read
 * its routes on each poll. A change announced meanwhile is listed once after the interval.
 */
export function createRecordedToolsRefresh(
  pool: Pick<UpstreamPool, "use">,
  prisma: PrismaClient,
  logger: Logger,
  { minIntervalMs = 5_000, maxBytes = 4 * 1024 * 1024 }: RecordedToolsRefreshOptions = {},
) {
  /** Connectors being refreshed or cooling down → whether another change was announced meanwhile. */
  const refreshing = new Map<string, boolean>();

  async function refreshOnce(connectorId: string): Promise<void> {
    const tools = await pool.use(connectorId, ({ client }) =>
      listAllPages(async (cursor) => {
        const page = await client.listTools(cursor);
        return { items: page.tools, nextCursor: page.nextCursor };
      }),
    );
    const stored = JSON.stringify(tools);
    if (Buffer.byteLength(stored) > maxBytes) {
      logger.warn(
        { connectorId, bytes: Buffer.byteLength(stored), maxBytes },
        "a connector's tool list is too large to record",
      );
      return;
    }
    await prisma.$executeRaw`
      UPDATE "Installation" SET "tools" = ${stored}::jsonb, "updatedAt" = now()
       WHERE "id" = ${connectorId}::uuid AND "status" = 'RUNNING' AND "tools" IS DISTINCT FROM ${stored}::jsonb`;
  }

  return async function refresh(connectorId: string): Promise<void> {
    if (refreshing.has(connectorId)) return void refreshing.set(connectorId, true);
    try {
      do {
        refreshing.set(connectorId, false);
        const started = Date.now();
        await refreshOnce(connectorId).catch((error: unknown) => {
          logger.warn({ connectorId, err: error }, "could not record the tools a connector changed");
        });
        const wait = started + minIntervalMs - Date.now();
        if (wait > 0) await sleep(wait, undefined, { ref: false });
      } while (refreshing.get(connectorId));
    } finally {
      refreshing.delete(connectorId);
    }
  };
}
