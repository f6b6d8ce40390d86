import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CatalogImportError, detectAndImport } from "../src/index.ts";
import { readJson } from "../src/import/read-json.ts";
import { configStrings, deriveSample, flaggedSecrets, plainValues } from "./secret-exposure.ts";

/**
 * The real-world corpus (corpus/manifest.json: where each document was published): every document
 * is imported and its launch derived, and the result must equal its reviewed golden file. Run with
 * UPDATE_CORPUS_GOLDEN=1 to rewrite the goldens, then review the diff by hand.
 */
interface ManifestEntry {
  document: string;
  repository: string;
  path: string;
  commit: string;
  note?: string;
  /** Set only for documents their own ecosystem rejects too (e.g. an unpublished template). */
  expectRejected?: string;
}

/** Goldens are JSON; a YAML or TOML document's golden is named after it with .json added. */
function goldenPath(document: string): string {
  return document.endsWith(".json") ? document : `${document}.json`;
}

const CORPUS = new URL("../corpus/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("manifest.json", CORPUS), "utf8")) as ManifestEntry[];
const update = process.env.UPDATE_CORPUS_GOLDEN === "1";
const summary = new Map<string, { imported: number; rejected: string[] }>();

function importDocument(text: string) {
  try {
    const result = detectAndImport(text);
    return {
      status: "imported" as const,
      formats: result.formats,
      entries: result.entries.map((entry) => ({ entry, ...deriveSample(entry) })),
      notes: result.warnings,
    };
  } catch (error) {
    if (!(error instanceof CatalogImportError)) throw error;
    return { status: "rejected" as const, reason: error.message, issues: error.issues };
  }
}

describe("real-world corpus", () => {
  it("has at least 150 documents from at least 60 distinct repositories, in all three formats", () => {
    expect(manifest.length).toBeGreaterThanOrEqual(150);
    expect(new Set(manifest.map((entry) => entry.repository)).size).toBeGreaterThanOrEqual(60);
    const formats = new Set(manifest.map((entry) => entry.document.split("/")[0]));
    expect([...formats].sort()).toEqual(["archestra", "mcp-servers", "registry"]);
  });

  describe.each(manifest)("$document", (source) => {
    const text = readFileSync(new URL(`documents/${source.document}`, CORPUS), "utf8");
    const result = importDocument(text);
    const format = source.document.split("/")[0] ?? "";

    it("matches its reviewed golden file", () => {
      const counts = summary.get(format) ?? { imported: 0, rejected: [] };
      if (result.status === "imported") counts.imported += 1;
      else counts.rejected.push(`${source.document}: ${result.issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ")}`); // prettier-ignore
      summary.set(format, counts);
      const goldenUrl = new URL(`golden/${goldenPath(source.document)}`, CORPUS);
      const actual = JSON.parse(JSON.stringify(result)) as unknown;
      if (update) {
        mkdirSync(dirname(goldenUrl.pathname), { recursive: true });
        writeFileSync(goldenUrl, `${JSON.stringify(actual, null, 2)}\n`);
      }
      expect(actual).toEqual(JSON.parse(readFileSync(goldenUrl, "utf8")));
    });

    it(
      source.expectRejected
        ? "is rejected, as its own ecosystem rejects it"
        : "imports, as its own ecosystem accepts it",
      () => {
        expect(result.status).toBe(source.expectRejected ? "rejected" : "imported");
      },
    );

    it("never puts a credential of the document in argv, the URL or a plain env var or header", () => {
      const secrets = flaggedSecrets(readJson(text)).filter((secret) => secret.length >= 6);
      const launches = result.status === "imported" ? result.entries.flatMap((item) => (item.launch ? [item.launch] : [])) : []; // prettier-ignore
      const exposed = launches.flatMap(plainValues);
      for (const secret of secrets) expect(exposed.filter((value) => value.includes(secret))).toEqual([]);
      const catalogValues = result.status === "imported" ? result.entries.flatMap((item) => configStrings(item.entry)) : []; // prettier-ignore
      for (const secret of secrets) expect(catalogValues.filter((value) => value.includes(secret))).toEqual([]);
    });
  });

  afterAll(() => {
    const lines = [...summary].sort().map(([format, { imported, rejected }]) => {
      const reasons = rejected.map((line) => `\n    rejected ${line}`).join("");
      return `  ${format}: ${imported + rejected.length} documents, ${imported} imported, ${rejected.length} rejected with a reason${reasons}`; // prettier-ignore
    });
    console.log(`corpus import summary (${manifest.length} documents):\n${lines.join("\n")}`);
  });
});
