import { describe, expect, it } from "vitest";
import { localEntryInput } from "../../test/entries.ts";
import { StoredCatalogEntryError, readCatalogEntry } from "./read-catalog-entry.ts";

const stored = localEntryInput;

describe("readCatalogEntry", () => {
  it("parses a stored entry, filling defaults", () => {
    const entry = readCatalogEntry({ slug: "demo", entry: stored });
    expect(entry).toMatchObject({ id: "demo", tags: [], userConfig: {}, server: { env: {} } });
  });

  it("refuses a corrupted stored entry naming the entry and the field", () => {
    const corrupted = { ...stored, server: { ...stored.server, command: 42 } };
    const read = () => readCatalogEntry({ slug: "demo", entry: corrupted });
    expect(read).toThrow(StoredCatalogEntryError);
    expect(read).toThrow('Stored catalog entry "demo" is invalid\n  server.command: expected string, got number');
  });

  it("refuses a row whose entry is not an object", () => {
    expect(() => readCatalogEntry({ slug: "broken", entry: null })).toThrow(
      'Stored catalog entry "broken" is invalid\n  expected object, got null',
    );
  });
});
