import { parse as parseToml, TomlError } from "smol-toml";
import { parse as parseYaml, YAMLError } from "yaml";
import { CatalogImportError } from "../errors/catalog-error.ts";

/**
 * Reads a client config published as TOML (Codex's `config.toml`) or YAML (Continue, Goose,
 * LibreChat) into plain JSON data, or says where its syntax is wrong. YAML aliases are capped so
 * a small document cannot expand into a huge one; TOML dates become their ISO text.
 */
export function readOtherSyntax(text: string, syntax: "toml" | "yaml"): unknown {
  try {
    const value: unknown = syntax === "toml" ? parseToml(text) : parseYaml(text, { schema: "core", maxAliasCount: 20, uniqueKeys: true }); // prettier-ignore
    return JSON.parse(JSON.stringify(value ?? null)) as unknown;
  } catch (error) {
    if (error instanceof TomlError) throw syntaxError("TOML", error.line, error.column, firstLine(error.message));
    if (error instanceof YAMLError) {
      const [at] = error.linePos ?? [];
      throw syntaxError("YAML", at?.line, at?.col, firstLine(error.message.replace(/ at line \d+, column \d+/, "")));
    }
    // The yaml package throws a plain ReferenceError for too many aliases (an expansion attack).
    throw syntaxError(syntax === "toml" ? "TOML" : "YAML", undefined, undefined, firstLine((error as Error).message));
  }
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/\.$/, "");
}

function syntaxError(kind: string, line: number | undefined, column: number | undefined, message: string) {
  const where = line === undefined ? "" : ` at line ${line}, column ${column ?? 1}`;
  return new CatalogImportError("Import rejected", [{ path: "", message: `invalid ${kind}${where}: ${message}` }]);
}
