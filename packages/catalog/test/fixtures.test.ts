import { describe, expect, it } from "vitest";
import { detectAndImport, exportCatalog } from "../src/index.ts";
import type { CatalogEntry, ImportWarning } from "../src/index.ts";
import { formatPath, joinPaths } from "../src/errors/format-path.ts";
import type { PathSegment } from "../src/errors/format-path.ts";
import { toSettingKey } from "../src/import/naming.ts";
import { listFixtures, readFixture } from "./fixture-files.ts";

/** Source values mapped into structured fields (a URL into `server.http` port and path). */
const TRANSFORMED = new Set(["oauth_config.streamable_http_url", "packages[0].transport.url"]);

const EXPECTED_FORMAT = { archestra: "archestra", registry: "registry", "mcp-servers": "mcpServers" } as const;

/** Words of the source formats that are consumed by the mapping rather than carried over. */
const VOCABULARY = new Set([
  ...["local", "remote", "node", "python", "string", "number", "boolean", "directory", "filepath"],
  ...["stdio", "streamable-http", "sse", "http", "positional", "named", "npm", "pypi", "oci", "npx", "docker"],
  ...["run", "-i", "--rm", "-e", "-t"],
]);

describe("fixtures", () => {
  it("has the seeds' examples and at least 10 registry server.json files", () => {
    const fixtures = listFixtures();
    expect(fixtures).toEqual(expect.arrayContaining(["archestra/slack.json", "archestra/linear.json"]));
    expect(fixtures).toEqual(
      expect.arrayContaining(["archestra/google-workspace.json", "archestra/my-test-server.json"]),
    );
    expect(fixtures.filter((name) => name.startsWith("registry/")).length).toBeGreaterThanOrEqual(10);
    expect(fixtures.filter((name) => name.startsWith("mcp-servers/")).length).toBeGreaterThanOrEqual(2);
  });

  describe.each(listFixtures())("%s", (fixture) => {
    const text = readFixture(fixture);
    const imported = detectAndImport(text);

    it("is detected as its format and imports", () => {
      const folder = fixture.split("/")[0] as keyof typeof EXPECTED_FORMAT;
      expect(imported.formats).toEqual([EXPECTED_FORMAT[folder]]);
      expect(imported.entries.length).toBeGreaterThan(0);
    });

    it("loses no source value: each is mapped, kept in extensions, or a reported dropped secret", () => {
      expect(findLostValues(JSON.parse(text), imported.entries, imported.warnings)).toEqual([]);
    });

    it("keeps every field it reports as kept, verbatim, in extensions", () => {
      const source = JSON.parse(text) as unknown;
      const kept = imported.warnings.filter(
        (warning) => warning.message.includes("kept in extensions.") && !warning.message.includes("redacted"),
      );
      const extensions = new Map(
        imported.entries.flatMap((entry) => {
          const prefix = entry.origin?.format === "mcpServers" ? formatPath(["mcpServers", entry.origin.name]) : "";
          return Object.values(entry.extensions).flatMap((fields) =>
            Object.entries(fields).map(([key, value]) => [joinPaths(prefix, key), value] as const),
          );
        }),
      );
      for (const warning of kept) expect(extensions.get(warning.path)).toEqual(readPath(source, warning.path));
    });

    it("round-trips: import -> store -> export -> import gives equal entries", () => {
      const stored = JSON.parse(JSON.stringify(imported.entries)) as CatalogEntry[];
      const reimported = detectAndImport(exportCatalog(stored));
      expect(reimported.formats).toEqual(["switchboard"]);
      expect(reimported.warnings).toEqual([]);
      expect(reimported.entries).toEqual(imported.entries);
    });
  });
});

/**
 * Every string in the source must survive somewhere in the entries (verbatim, rewritten into a
 * `${user_config.x}` template, or as the value of a `NAME=value` flag), unless it is format
 * vocabulary or sits under a path the importer reported as dropped, ignored or a converted secret.
 */
function findLostValues(
  source: unknown,
  entries: readonly CatalogEntry[],
  warnings: readonly ImportWarning[],
): string[] {
  const survivors = collectStrings(entries, [], true).map(([, value]) => value);
  const accounted = warnings
    .filter((warning) => /dropped|credential|ignored/.test(warning.message))
    .map((warning) => warning.path);
  const isAccounted = (path: string) =>
    accounted.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));
  return collectStrings(source, [])
    .filter(([path, value]) => {
      if (VOCABULARY.has(value) || value === "" || TRANSFORMED.has(path) || isAccounted(path)) return false;
      const forms = [value, toTemplate(value), value.slice(value.indexOf("=") + 1)];
      return !survivors.some((survivor) => forms.some((form) => form !== "" && survivor.includes(form)));
    })
    .map(([path, value]) => `${path}: ${value}`);
}

function toTemplate(value: string): string {
  const placeholder = (_match: string, name: string) => `\${user_config.${toSettingKey(name)}}`;
  return value
    .replaceAll(/\$\{(?:env:|input:)?([A-Za-z_][\w.-]*)(?::-[^}]*)?\}/g, placeholder)
    .replaceAll(/\{([A-Za-z_]\w*)\}/g, placeholder);
}

/** String leaves with their paths; as survivors, also keys (env names) and typed values ("true" -> true). */
function collectStrings(value: unknown, path: PathSegment[], asSurvivors = false): Array<[string, string]> {
  if (typeof value === "string") return [[formatPath(path), value]];
  if (asSurvivors && (typeof value === "number" || typeof value === "boolean"))
    return [[formatPath(path), String(value)]];
  if (Array.isArray(value)) return value.flatMap((item, index) => collectStrings(item, [...path, index], asSurvivors));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(asSurvivors ? [[formatPath(path), key] as [string, string]] : []),
      ...collectStrings(item, [...path, key], asSurvivors),
    ]);
  }
  return [];
}

/** Reads a value at a path formatted like `mcpServers["brave-search"].env.KEY` or `packages[1]`. */
function readPath(root: unknown, path: string): unknown {
  const segments = [...path.matchAll(/\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)].map(
    ([, name, index, quoted]) => name ?? (index === undefined ? (JSON.parse(quoted ?? '""') as string) : Number(index)),
  );
  return segments.reduce<unknown>((node, segment) => (node as Record<string | number, unknown>)[segment], root);
}
