import { CatalogImportError } from "../errors/catalog-error.ts";
import { formatPath } from "../errors/format-path.ts";
import type { PathSegment } from "../errors/format-path.ts";
import { parse } from "jsonc-parser";
import type { ParseError } from "jsonc-parser";
import { classifyOtherSyntax, describeUnreadableText, SMITHERY_REFUSAL } from "./describe-other-syntax.ts";
import { locateJsonError } from "./locate-json-error.ts";
import { readInstallCommand } from "./read-install-command.ts";
import { readInstallLink } from "./read-install-link.ts";
import { readOtherSyntax } from "./read-other-syntax.ts";

/** How a document was written, when not plain JSON. */
export type DocumentSyntax = "jsonc" | "yaml" | "toml" | "link" | "command" | "fragment" | "fenced";

export const DEFAULT_MAX_IMPORT_BYTES = 1024 * 1024;
/** Far deeper than any catalog document; keeps later recursive walks (zod, cloning) off the stack limit. */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses untrusted catalog text: size limit first (before any parsing work), then JSON with the
 * line and column of a syntax error (JSONC, and the TOML and YAML client configs are written in,
 * read when the text is one of those), then a structural guard against absurd nesting and
 * `__proto__` keys (zod drops those from records without a word, and plain-object copies would
 * turn them into prototype changes: rejecting them keeps the import loss-free and honest).
 */
export function readJson(
  text: string,
  maxBytes = DEFAULT_MAX_IMPORT_BYTES,
  onSyntax?: (syntax: DocumentSyntax) => void,
): unknown {
  if (exceedsBytes(text, maxBytes)) {
    throw new CatalogImportError("Import rejected", [
      {
        path: "",
        message: `payload is larger than the ${formatBytes(maxBytes)} import limit (about ${formatBytes(text.length)})`,
      },
    ]);
  }
  const unmarked = text.startsWith("\uFEFF") ? text.slice(1) : text;
  // A README's code block pasted with its fences: the fence line stays as an empty line, so the
  // line numbers of errors are those of the pasted text.
  const fenced = /^(\s*(`{3,}|~{3,})[\w-]*[ \t]*)(\r?\n[\s\S]*?)\r?\n[ \t]*\2\s*$/.exec(unmarked);
  if (fenced) onSyntax?.("fenced");
  const body = fenced ? `${(fenced[1] ?? "").replaceAll(/[^\n]/g, "")}${fenced[3] ?? ""}` : unmarked;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const relaxed = parseJsonc(body);
    if (relaxed !== undefined) {
      onSyntax?.("jsonc");
      checkStructure(relaxed);
      return relaxed;
    }
    const fragment = readFragment(body);
    if (fragment !== undefined) {
      onSyntax?.("fragment");
      checkStructure(fragment);
      return fragment;
    }
    const link = readInstallLink(body);
    if (link !== undefined) {
      onSyntax?.("link");
      checkStructure(link);
      return link;
    }
    const command = readInstallCommand(body);
    if (command !== undefined) {
      onSyntax?.("command");
      checkStructure(command);
      return command;
    }
    const unreadable = describeUnreadableText(body);
    if (unreadable !== undefined) throw new CatalogImportError("Import rejected", [{ path: "", message: unreadable }]);
    const other = classifyOtherSyntax(body);
    if (other === "toml" || other === "yaml") {
      // Both parsers recurse per level: absurd nesting is refused before either sees it.
      if (exceedsDepth(body) || exceedsIndent(body)) {
        throw new CatalogImportError("Import rejected", [{ path: "", message: `nested deeper than ${MAX_JSON_DEPTH} levels` }]); // prettier-ignore
      }
      const read = readOtherSyntax(body, other);
      onSyntax?.(other);
      checkStructure(read);
      return read;
    }
    const problem = locateJsonError(body);
    const message = problem
      ? `invalid JSON at line ${problem.line}, column ${problem.column}: ${problem.message}`
      : `invalid JSON: ${(error as Error).message}`;
    throw new CatalogImportError("Import rejected", [
      { path: "", message: other === "smithery" ? SMITHERY_REFUSAL : message },
    ]);
  }
  checkStructure(value);
  return value;
}

/**
 * VS Code's mcp.json and several READMEs are JSON with comments and trailing commas (JSONC), which
 * their clients accept; undefined when the text is not valid JSONC either.
 */
function parseJsonc(text: string): unknown {
  if (!/\/\/|\/\*|,\s*[}\]]/.test(text) || exceedsDepth(text)) return undefined;
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true });
  return errors.length === 0 ? value : undefined;
}

/**
 * READMEs print the part to paste into an existing file: `"mcpServers": {…}` or
 * `"augment.advanced": {…}` without the braces around it. Read as that object.
 */
function readFragment(text: string): unknown {
  const body = text.trim().replace(/,$/, "");
  if (!/^"[^"\n]+"\s*:/.test(body) || exceedsDepth(body)) return undefined;
  const errors: ParseError[] = [];
  const value: unknown = parse(`{${body}}`, errors, { allowTrailingComma: true });
  return errors.length === 0 ? value : undefined;
}

/** Bracket depth outside strings; the JSONC parser recurses, so absurd nesting never reaches it. */
function exceedsDepth(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === "\\") index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") {
      depth += 1;
      if (depth > MAX_JSON_DEPTH) return true;
    } else if (char === "}" || char === "]") depth -= 1;
  }
  return false;
}

/**
 * YAML nests blocks by indentation, and also by compact indicators on one line (`- - - x`, `? ? x`),
 * one level each: a line starting with more of them than the depth limit is refused before the
 * parser recurses into it. No client config is indented anywhere near this deep either.
 */
function exceedsIndent(text: string): boolean {
  return /^[ \t]{512}/m.test(text) || COMPACT_NESTING.test(text);
}

const COMPACT_NESTING = new RegExp(`^(?:[ \\t]*[-?:][ \\t]){${MAX_JSON_DEPTH + 1}}`, "m");

function exceedsBytes(text: string, maxBytes: number): boolean {
  // A UTF-16 code unit encodes to 1-3 UTF-8 bytes, so the exact count is needed only near the limit.
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return new TextEncoder().encode(text).length > maxBytes;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function checkStructure(root: unknown): void {
  const pending: Array<{ value: unknown; path: PathSegment[] }> = [{ value: root, path: [] }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { value, path } = item;
    if (typeof value !== "object" || value === null) continue;
    if (path.length > MAX_JSON_DEPTH) {
      throw new CatalogImportError("Import rejected", [
        { path: formatPath(path), message: `nested deeper than ${MAX_JSON_DEPTH} levels` },
      ]);
    }
    if (Array.isArray(value)) {
      value.forEach((child, index) => pending.push({ value: child, path: [...path, index] }));
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === "__proto__") {
        throw new CatalogImportError("Import rejected", [
          { path: formatPath([...path, key]), message: "the key __proto__ is not allowed" },
        ]);
      }
      pending.push({ value: child, path: [...path, key] });
    }
  }
}
