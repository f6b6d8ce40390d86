import { readCatalogEntry } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import { findConnectorCatalogRevisions } from "@switchboard/db/catalog-revisions";
import { diffLaunchFields, type FieldChange } from "./diff-launch-fields.ts";

export interface CatalogUpdate {
  /** The revision that accepting moves the connector to. */
  revision: number;
  changes: FieldChange[];
}

/**
 * The entry's newer revision when it changes what the connector runs or signs in with; null
 * when it is current or only descriptive fields changed. The caller has checked access.
 */
export async function findCatalogUpdate(prisma: PrismaClient, connectorId: string): Promise<CatalogUpdate | null> {
  const revisions = await findConnectorCatalogRevisions(prisma, connectorId);
  if (!revisions || revisions.latest.revision <= revisions.pinned.revision) return null;
  const changes = diffLaunchFields(
    readCatalogEntry({ slug: revisions.slug, entry: revisions.pinned.entry }),
    readCatalogEntry({ slug: revisions.slug, entry: revisions.latest.entry }),
  );
  return changes.length > 0 ? { revision: revisions.latest.revision, changes } : null;
}
