import type { CatalogEntry } from "@switchboard/catalog";

/** One changed field of an entry, values as JSON (entries hold no secrets: settings' values live on connectors). */
export interface FieldChange {
  field: string;
  before: string | undefined;
  after: string | undefined;
}

/**
 * What a connector runs, connects to and signs in with. A change here reaches a connector
 * only when its owner accepts it; the other fields (name, description, icon, tags, links) are
 * shown from the live entry, so their changes apply at once.
 */
const LAUNCH_FIELDS = ["server", "userConfig", "auth"] as const;

/** The launch fields that differ between two revisions of an entry, by dotted path, sorted. */
export function diffLaunchFields(before: CatalogEntry, after: CatalogEntry): FieldChange[] {
  const [old, current] = [flattenLaunchFields(before), flattenLaunchFields(after)];
  return [...new Set([...old.keys(), ...current.keys()])]
    .sort()
    .filter((field) => old.get(field) !== current.get(field))
    .map((field) => ({ field, before: old.get(field), after: current.get(field) }));
}

function flattenLaunchFields(entry: CatalogEntry): Map<string, string> {
  const fields = new Map<string, string>();
  const visit = (value: unknown, path: string) => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, `${path}.${key}`);
    } else if (value !== undefined) {
      fields.set(path, JSON.stringify(value));
    }
  };
  for (const field of LAUNCH_FIELDS) visit(entry[field], field);
  return fields;
}
