import { CatalogImportError, prefixIssues } from "../errors/catalog-error.ts";
import type { CatalogIssue } from "../errors/catalog-error.ts";
import type { CatalogEntry } from "../schema/catalog-entry.ts";
import { importArchestraEntry } from "./archestra/import-archestra.ts";
import type { ImportResult } from "./import-result.ts";
import { importSwitchboardCatalog } from "./import-switchboard.ts";
import { importMcpServersConfig, isDockerServerFile } from "./mcp-servers/import-mcp-servers.ts";
import { isBareServerMap, isSingleServer } from "./mcp-servers/is-bare-server-map.ts";
import { readJson } from "./read-json.ts";
import type { DocumentSyntax } from "./read-json.ts";
import { importRegistryServer } from "./registry/import-registry.ts";
import { splitDocuments } from "./split-documents.ts";
import type { RegistryImportOptions } from "./registry/import-registry.ts";

export type CatalogFormat = "switchboard" | "archestra" | "registry" | "mcpServers";

export interface DetectAndImportOptions extends RegistryImportOptions {
  /** Rejected before parsing; default 1 MB. */
  maxBytes?: number;
}

export interface DetectedImport extends ImportResult {
  /** One per document: a top-level JSON array or a registry API list may hold several documents. */
  formats: CatalogFormat[];
}

const IMPORTERS: Readonly<Record<CatalogFormat, (value: unknown, options: RegistryImportOptions) => ImportResult>> = {
  switchboard: importSwitchboardCatalog,
  archestra: importArchestraEntry,
  registry: importRegistryServer,
  mcpServers: importMcpServersConfig,
};

const SYNTAX_NOTES: Readonly<Record<DocumentSyntax, string>> = {
  jsonc: "JSON with comments or trailing commas (JSONC): read as the clients that write it do",
  yaml: "YAML (a Continue, Goose or LibreChat config, Docker's MCP catalog): read as the same data in JSON",
  toml: "TOML (a Codex config.toml): read as the same data in JSON",
  link: "an install link (Cursor, VS Code, Goose or LM Studio): read as the server it installs",
  command:
    "a command line that adds a server (claude, gemini or codex mcp add, code --add-mcp): read as the server it adds",
  fenced: "a Markdown code block (``` fences around it): read as its contents",
  fragment: 'a fragment of a file ("key": value, as READMEs print the part to paste): read with braces around it',
};

const ARCHESTRA_KEYS = ["server", "remote_url", "oauth_config", "archestra_config", "dxt_version", "user_config"];

/** Which format a parsed document is, by the keys only that format has. */
export function detectFormat(value: unknown): CatalogFormat | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  if ("schemaVersion" in value || ("format" in value && value.format === "switchboard-catalog")) return "switchboard";
  if (
    "mcpServers" in value ||
    isZedServers(readOwn(value, "context_servers")) ||
    isServersMap(readOwn(value, "servers")) ||
    isServersMap(readOwn(readOwn(value, "mcp"), "servers")) ||
    isServersMap(readOwn(value, "mcp")) ||
    isServersMap(readOwn(value, "mcp_servers")) ||
    isGooseExtensions(readOwn(value, "extensions")) ||
    isDockerCatalog(readOwn(value, "registry")) ||
    isDockerServerFile(value) ||
    isContinueExperimental(readOwn(value, "experimental")) ||
    isObject(readOwn(value, "amp.mcpServers")) ||
    isServersMap(readOwn(value, "mcp.servers")) ||
    Array.isArray(readOwn(readOwn(value, "augment.advanced"), "mcpServers"))
  ) {
    return "mcpServers";
  }
  const schema = "$schema" in value && typeof value.$schema === "string" ? value.$schema : "";
  if ("packages" in value || "remotes" in value || schema.includes("modelcontextprotocol.io/schemas")) {
    return "registry";
  }
  const wrapped = readOwn(value, "server");
  if (readOwn(wrapped, "packages") !== undefined || readOwn(wrapped, "remotes") !== undefined) return "registry";
  if (ARCHESTRA_KEYS.some((key) => key in value)) return "archestra";
  if (isBareServerMap(value) || isSingleServer(value)) return "mcpServers";
  return undefined;
}

function readOwn(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined; // prettier-ignore
}

/** Zed's `context_servers`, whose extension-provided servers hold only their `settings`. */
function isZedServers(value: unknown): boolean {
  return isServersMap(value) || (isObject(value) && Object.values(value).length > 0 && Object.values(value).every(isObject)); // prettier-ignore
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Goose's config.yaml `extensions`: objects with its `cmd`, `uri` or `type` (builtin ones have only a type). */
function isGooseExtensions(value: unknown): boolean {
  return isObject(value) && Object.values(value).length > 0 && Object.values(value).every((extension) => ["cmd", "uri", "type"].some((key) => readOwn(extension, key) !== undefined)); // prettier-ignore
}

/** Continue's older config.json: `experimental.modelContextProtocolServers` (or one `modelContextProtocolServer`). */
function isContinueExperimental(value: unknown): boolean {
  return Array.isArray(readOwn(value, "modelContextProtocolServers")) || isObject(readOwn(value, "modelContextProtocolServer")); // prettier-ignore
}

/** Docker's MCP catalog `registry`: servers with an `image` or a `remote`. */
function isDockerCatalog(value: unknown): boolean {
  return isObject(value) && Object.values(value).length > 0 && Object.values(value).every((server) => readOwn(server, "image") !== undefined || readOwn(server, "remote") !== undefined); // prettier-ignore
}

/** VS Code's `servers`: an object of server objects (a registry listing's `servers` is an array). */
function isServersMap(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const servers = Object.values(value);
  return servers.length > 0 && servers.every((server) => ["command", "url", "type"].some((key) => readOwn(server, key) !== undefined)); // prettier-ignore
}

/**
 * The admin import entry point: size limit, JSON with line/column errors, format detection,
 * dispatch, and a check that the result has no duplicate ids. Throws only CatalogImportError.
 */
export function detectAndImport(text: string, options: DetectAndImportOptions = {}): DetectedImport {
  const syntaxes: DocumentSyntax[] = [];
  const value = readJson(text, options.maxBytes, (read) => syntaxes.push(read));
  const { documents, notes, several } = splitDocuments(value);
  const result: DetectedImport = { entries: [], warnings: [], formats: [] };
  result.warnings.push(...syntaxes.map((syntax) => ({ path: "", message: SYNTAX_NOTES[syntax] })));
  result.warnings.push(...notes);
  const issues: CatalogIssue[] = [];
  for (const { document, path: prefix } of documents) {
    const format = detectFormat(document);
    if (!format) {
      issues.push({
        path: prefix,
        message:
          "unrecognized format: expected an Archestra entry (server, oauth_config, ...), an MCP Registry server.json (packages or remotes), an mcpServers / VS Code servers config or a Switchboard export",
      });
      continue;
    }
    try {
      const imported = IMPORTERS[format](document, options);
      result.entries.push(...imported.entries);
      result.warnings.push(...prefixIssues(imported.warnings, prefix));
      // A Switchboard export was noted when first imported; its re-import stays quiet.
      const unbundled = format === "switchboard" ? [] : imported.entries.filter(needsMissingBundle);
      result.warnings.push(...unbundled.map((entry) => ({ path: prefix, message: `${entry.name}: ${MISSING_BUNDLE}` }))); // prettier-ignore
      result.formats.push(format);
    } catch (error) {
      // A single document keeps its importer's own summary ("Invalid MCP Registry server.json").
      if (!(error instanceof CatalogImportError) || !several) throw error;
      issues.push(...prefixIssues(error.issues, prefix));
    }
  }
  issues.push(...findDuplicateIds(result.entries.map((entry) => entry.id)));
  if (issues.length > 0) throw new CatalogImportError("Import failed", issues);
  return result;
}

const MISSING_BUNDLE =
  "its server's files (${__dirname}) come from a bundle or checkout this document does not include, so the container will not have them; import the server.json that lists its MCP bundle (registryType mcpb), which downloads and checks it, or set an image that has them"; // prettier-ignore

/** A bundle's manifest.json imported on its own: `${__dirname}` names files nothing will unpack. */
function needsMissingBundle(entry: CatalogEntry): boolean {
  const { server } = entry;
  if (server.type !== "local" || server.bundle !== undefined) return false;
  return [server.command ?? "", ...server.args, ...Object.values(server.env), ...Object.values(server.files ?? {})].some((text) => text.includes("${__dirname}")); // prettier-ignore
}

function findDuplicateIds(ids: readonly string[]): CatalogIssue[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
  }
  return [...duplicates].map((id) => ({
    path: "",
    message: `duplicate entry id ${JSON.stringify(id)} in this import`,
  }));
}
