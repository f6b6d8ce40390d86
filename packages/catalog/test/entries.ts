import type { CatalogEntry, CatalogEntryInput } from "../src/index.ts";
import { parseCatalogEntry } from "../src/index.ts";

/** A valid local entry as written (before parsing), for tests of the schema and of stored entries. */
export const localEntryInput = {
  schemaVersion: 1,
  id: "demo",
  source: "custom",
  name: "Demo",
  server: { type: "local", runtime: "node", command: "npx", args: ["-y", "demo-mcp"] },
  auth: { kind: "none" },
} satisfies CatalogEntryInput;

/** A valid local entry to vary in tests; `overrides` replace top-level fields. */
export function localEntry(overrides: Partial<CatalogEntryInput> = {}): CatalogEntry {
  return parseCatalogEntry({ ...localEntryInput, ...overrides });
}

export function remoteEntry(overrides: Partial<CatalogEntryInput> = {}): CatalogEntry {
  return localEntry({ server: { type: "remote", url: "https://mcp.example.com/mcp" }, ...overrides });
}
