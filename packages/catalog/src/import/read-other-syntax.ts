import { parse as parseToml, TomlError } from "smol-toml";
import { isScalar, LineCounter, parseDocument, visit, YAMLError } from "yaml";
import { CatalogImportError } from "../errors/catalog-error.ts";

/**
 * Reads a client config published as TOML (Codex's `config.toml`) or YAML (Continue, Goose,
 * LibreChat) into plain JSON data, or says where its syntax is wrong. YAML aliases are capped so
 * a small document cannot expand into a huge one; TOML dates become their ISO text.
 */
export function readOtherSyntax(text: string, syntax: "toml" | "yaml"): unknown {
  try {
    const value: unknown = syntax === "toml" ? parseToml(text) : parseYaml(text);
    return JSON.parse(JSON.stringify(value ?? null)) as unknown;
  } catch (error) {
    if (error instanceof CatalogImportError) throw error;
    if (error instanceof TomlError) throw syntaxError("TOML", error.line, error.column, firstLine(error.message));
    if (error instanceof YAMLError) {
      const [at] = error.linePos ?? [];
      throw syntaxError("YAML", at?.line, at?.col, firstLine(error.message.replace(/ at line \d+, column \d+/, "")));
    }
    // The yaml package throws a plain ReferenceError for too many aliases (an expansion attack).
    throw syntaxError(syntax === "toml" ? "TOML" : "YAML", undefined, undefined, firstLine((error as Error).message));
  }
}

/**
 * YAML with aliases capped (an expansion attack) and duplicate keys refused, checked with one set
 * per map: the yaml package's own `uniqueKeys` compares every key with every other, so a map of
 * 30,000 keys held the event loop for seconds.
 */
function parseYaml(text: string): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { schema: "core", uniqueKeys: false, lineCounter });
  if (document.errors[0]) throw document.errors[0];
  visit(document, {
    Map(_, map) {
      const keys = new Set<string>();
      for (const { key } of map.items) {
        const name = isScalar(key) ? String(key.value) : String(key);
        if (keys.has(name)) {
          const at = lineCounter.linePos((key as { range?: [number, ...number[]] } | null)?.range?.[0] ?? 0);
          throw syntaxError("YAML", at.line, at.col, "Map keys must be unique");
        }
        keys.add(name);
      }
    },
  });
  return document.toJS({ maxAliasCount: 20 });
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/\.$/, "");
}

function syntaxError(kind: string, line: number | undefined, column: number | undefined, message: string) {
  const where = line === undefined ? "" : ` at line ${line}, column ${column ?? 1}`;
  return new CatalogImportError("Import rejected", [{ path: "", message: `invalid ${kind}${where}: ${message}` }]);
}
