import { describe, expect, it } from "vitest";
import { localEntry } from "../../test/entries.ts";
import type { CatalogEntry } from "../schema/catalog-entry.ts";
import { exportCatalog } from "./export-catalog.ts";

describe("exportCatalog", () => {
  it("writes a versioned Switchboard document with normalized entries", () => {
    const entry = localEntry();
    expect(JSON.parse(exportCatalog([entry]))).toEqual({
      format: "switchboard-catalog",
      schemaVersion: 1,
      entries: [entry],
    });
  });

  it("refuses to export an entry the import would reject", () => {
    const broken = { ...localEntry(), id: "Not A Slug" } as CatalogEntry;
    expect(() => exportCatalog([localEntry(), broken])).toThrow(
      'Cannot export an invalid entry\n  [1].id: expected a lowercase slug matching [a-z0-9][a-z0-9._-]*, got "Not A Slug"',
    );
  });
});
