import { isOAuth, readCatalogEntry, type UserConfigField } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import { pinnedEntrySelect, toPinnedEntryRow } from "@switchboard/db/catalog-revisions";
import { readConnectorConfig } from "@switchboard/db/credentials";

export interface EditableSettings {
  fields: [string, UserConfigField][];
  /** The stored values of the plain settings, as the form shows them; secret ones are never read. */
  values: Record<string, string>;
}

/**
 * The settings form of a connector the viewer may manage (checked by the caller): the fields of
 * the entry revision it is pinned to with their current plain values. Null when it has none, or
 * signs in with OAuth (see update-connector-settings.ts).
 */
export async function findEditableSettings(
  prisma: PrismaClient,
  connectorId: string,
): Promise<EditableSettings | null> {
  const connector = await prisma.connector.findUniqueOrThrow({
    where: { id: connectorId },
    select: { config: true, ...pinnedEntrySelect },
  });
  const entry = readCatalogEntry(toPinnedEntryRow(connector));
  const fields = Object.entries(entry.userConfig);
  if (fields.length === 0 || isOAuth(entry.auth)) return null;
  const stored = readConnectorConfig(connector.config);
  const values = Object.fromEntries(
    fields
      .filter(([key, field]) => !field.secret && stored[key] !== undefined)
      .map(([key]) => [key, [stored[key]].flat().map(String).join("\n")]),
  );
  return { fields, values };
}
