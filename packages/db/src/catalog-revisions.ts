import type { DbClient } from "./credentials/db-client.ts";

export interface CatalogRevisionSnapshot {
  revision: number;
  /** The entry's JSON as stored; parse it with `readCatalogEntry` before use. */
  entry: unknown;
}

export interface ConnectorCatalogRevisions {
  slug: string;
  /** The revision the connector launches, authorizes and connects from. */
  pinned: CatalogRevisionSnapshot;
  /** The entry as it is now. */
  latest: CatalogRevisionSnapshot;
}

/**
 * The `select` that gives a connector its pinned entry: launches, authorizations and gateway
 * connections read the entry through it, never through the live `catalogEntry.entry`.
 */
export const pinnedEntrySelect = {
  catalogEntry: { select: { slug: true } },
  pinnedEntry: { select: { entry: true } },
} as const;

/** The `{ slug, entry }` row `readCatalogEntry` parses, from a row selected with `pinnedEntrySelect`. */
export function toPinnedEntryRow(row: { catalogEntry: { slug: string }; pinnedEntry: { entry: unknown } }) {
  return { slug: row.catalogEntry.slug, entry: row.pinnedEntry.entry };
}

/** The connector's pinned revision and its entry's latest one; null when the connector is gone. */
export async function findConnectorCatalogRevisions(
  db: DbClient,
  connectorId: string,
): Promise<ConnectorCatalogRevisions | null> {
  const row = await db.connector.findUnique({
    where: { id: connectorId },
    select: {
      pinnedEntry: { select: { revision: true, entry: true } },
      catalogEntry: { select: { slug: true, revision: true, entry: true } },
    },
  });
  if (!row) return null;
  const { slug, ...latest } = row.catalogEntry;
  return { slug, pinned: row.pinnedEntry, latest };
}

/**
 * Moves the connector to `revision` of its entry (the one its owner was shown and accepted).
 * Only forward, so a stale accept never undoes a newer one; false when nothing moved.
 */
export async function acceptCatalogRevision(db: DbClient, connectorId: string, revision: number): Promise<boolean> {
  const { count } = await db.connector.updateMany({
    where: { id: connectorId, catalogRevision: { lt: revision } },
    data: { catalogRevision: revision },
  });
  return count === 1;
}
