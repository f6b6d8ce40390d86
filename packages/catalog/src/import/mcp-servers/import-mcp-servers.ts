import { CatalogImportError, prefixIssues } from "../../errors/catalog-error.ts";
import type { CatalogIssue } from "../../errors/catalog-error.ts";
import { formatIssues } from "../../errors/format-issues.ts";
import { formatPath } from "../../errors/format-path.ts";
import type { PathSegment } from "../../errors/format-path.ts";
import type { CatalogAuth } from "../../schema/auth.ts";
import type { CatalogEntry } from "../../schema/catalog-entry.ts";
import type { CatalogServer, RemoteServer } from "../../schema/server.ts";
import { noteSettingHost } from "../allow-setting-host.ts";
import { chooseAuth } from "../assume-auth.ts";
import { ADMIN_CLIENT, ImportNotes } from "../import-notes.ts";
import type { ImportWarning } from "../import-notes.ts";
import { finalizeEntry } from "../import-result.ts";
import type { ImportOptions, ImportResult } from "../import-result.ts";
import { inferLocalServer, isKnownLauncher } from "../infer-local-server.ts";
import { inferTransport } from "../infer-transport.ts";
import { toSlug } from "../naming.ts";
import { parseKeepingUnknown } from "../parse-keeping-unknown.ts";
import { getOwn } from "../../util/get-own.ts";
import { readCommonExtras, readDialectFields } from "./client-dialects.ts";
import type { ClientDialect } from "./client-dialects.ts";
import { ClientSettings } from "./client-settings.ts";
import { readMcpRemoteBridge } from "./mcp-remote.ts";
import type { McpRemoteBridge } from "./mcp-remote.ts";
import { mcpServersDocumentSchema, remoteServerSchema, stdioServerSchema } from "./mcp-servers-schema.ts";
import type { ClientInputConfig, McpServersDocument, RemoteServerConfig } from "./mcp-servers-schema.ts";
import { isBareServerMap, isSingleServer } from "./is-bare-server-map.ts";
import { normalizeCommand } from "./normalize-command.ts";
import { findSecretSpans } from "../secrets/detect-secrets.ts";
import { applyExtensionSettings, readExtensionSettings } from "./extension-settings.ts";
import type { ExtensionSetting } from "./extension-settings.ts";

/**
 * Imports a client config: Claude Desktop / Cursor / Windsurf style `{"mcpServers": {name: …}}`,
 * VS Code's `{"servers": {…}, "inputs": […]}` (also under `mcp` in settings.json), Continue's
 * list of named servers, Codex's `mcp_servers` and Goose's `extensions`: one entry per server.
 * Problems in several servers are reported together.
 */
export function importMcpServersConfig(value: unknown, options: ImportOptions = {}): ImportResult {
  const listed = readServerList(value);
  if (listed) {
    const result = importListed(listed, options);
    const ignored = Object.keys(value as object).filter((key) => key !== listed.root[0]).map((key) => ({ path: formatPath([key]), message: "not part of any server; ignored" })); // prettier-ignore
    return { entries: result.entries, warnings: [...ignored, ...result.warnings] };
  }
  if (isDockerServerFile(value)) {
    const { name, about, config, run, ...rest } = value;
    const { title, description, ...aboutRest } = isRecord(about) ? about : {};
    const { secrets, env, parameters, ...configRest } = isRecord(config) ? config : {};
    const server = {
      ...rest,
      ...(Object.keys(aboutRest).length > 0 && { about: aboutRest }),
      ...(Object.keys(configRest).length > 0 && { configuration: configRest }),
      ...(title !== undefined && { title }),
      ...(description !== undefined && { description }),
      ...(secrets !== undefined && { secrets }),
      ...(env !== undefined && { env }),
      ...(isRecord(parameters) && { config: [parameters] }),
      ...(isRecord(run) && run.command !== undefined && { command: run.command }),
    };
    const note = `a Docker MCP registry server.yaml: read as the catalog entry ${name}`;
    return importWrapped({ registry: { [name]: server } }, formatPath(["registry", name]), note, options);
  }
  const single = readSingleServer(value);
  if (single) {
    const note = `a single server (VS Code's --add-mcp form): read as the server ${single.name}`;
    const wrapped = { mcpServers: { [single.name]: single.server } };
    return importWrapped(wrapped, formatPath(["mcpServers", single.name]), note, options);
  }
  if (isBareServerMap(value) && !Object.keys(value).some((key) => WRAPPER_KEYS.has(key))) {
    const note = "a map of servers without mcpServers around it: read as mcpServers";
    return importWrapped({ mcpServers: value }, "mcpServers", note, options);
  }
  const nested = readNestedVsCodeSettings(value);
  const document = mcpServersDocumentSchema.safeParse(nested?.value ?? value, { reportInput: true });
  if (!document.success) throw new CatalogImportError("Invalid mcpServers config", formatIssues(document.error.issues));
  const data = document.data as McpServersDocument;
  // The union matched one of these as a map of servers; another may hold anything (loose objects).
  const key = SERVER_KEYS.find((name) => isServerMap(data[name]) && (name !== "extensions" || !("mcpServers" in data))) ?? "mcpServers"; // prettier-ignore
  const servers = data[key] ?? {};
  const inputs = key === "mcpServers" ? [] : (data.inputs ?? []);
  const root = nested ? [nested.key] : [];
  if (Object.keys(servers).length === 0) {
    const path = formatPath(nested?.flat ? root : [...root, key]);
    throw new CatalogImportError("Invalid mcpServers config", [{ path, message: "no servers in it: there is nothing to import" }]); // prettier-ignore
  }
  const entries: CatalogEntry[] = [];
  const extension = key === "mcpServers" && !nested ? readExtensionSettings(value) : undefined;
  const described = key === "mcpServers" && !nested ? readManifestDescription(value, servers) : undefined;
  const warnings: ImportWarning[] = Object.keys(value as object)
    .filter((name) => name !== (nested?.key ?? key) && !(name === "inputs" && key === "servers"))
    .filter((name) => !(name === "settings" && extension) && !(name === "description" && described))
    .map((name) => ({ path: formatPath([name]), message: "not part of any server; ignored" }));
  warnings.push(...(extension?.notes ?? []));
  if (described) warnings.push({ path: "description", message: "the extension's or plugin's description: the description of its one server" }); // prettier-ignore
  const issues: CatalogIssue[] = [];
  const dialect = DIALECTS[key];
  for (const [name, config] of Object.entries(servers)) {
    const prefix = formatPath(nested?.flat ? [...root, name] : [...root, key, name]);
    if (dialect === "goose" && isGooseBuiltin(config)) {
      warnings.push({ path: prefix, message: `a Goose ${String(config.type)} extension: part of Goose itself, with nothing to run; not imported` }); // prettier-ignore
      continue;
    }
    const read = described ? { ...config, description: described } : config;
    const server = () => importServer(name, read, { inputs, extension: extension?.settings ?? [] }, options, dialect); // prettier-ignore
    collectServer({ entries, warnings, issues }, prefix, server);
  }
  if (issues.length > 0) throw new CatalogImportError("Invalid mcpServers config", issues);
  if (entries.length === 0) {
    throw new CatalogImportError("Invalid mcpServers config", [{ path: key, message: "only Goose's own extensions in it: there is nothing to import" }]); // prettier-ignore
  }
  return { entries, warnings };
}

/**
 * A Gemini CLI extension's or Claude Code plugin's manifest describes itself beside its
 * `mcpServers`; with one server that has no description of its own, that is the server's.
 */
function readManifestDescription(value: unknown, servers: Readonly<Record<string, Record<string, unknown>>>) {
  const description = isRecord(value) ? value.description : undefined;
  const [only, ...others] = Object.values(servers);
  if (typeof description !== "string" || description.trim() === "" || description.length > 4000) return undefined;
  // Catalog text every member reads: a description that looks like a credential stays out.
  if (findSecretSpans(description).length > 0) return undefined;
  return only !== undefined && others.length === 0 && only.description === undefined ? description : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** docker/mcp-registry's `servers/<name>/server.yaml`: one server with its `about`, `config` and `run`. */
export function isDockerServerFile(value: unknown): value is Record<string, unknown> & { name: string } {
  return (
    isRecord(value) &&
    typeof value.name === "string" &&
    ["server", "remote", "poci"].includes(String(value.type)) &&
    (typeof value.image === "string" || isRecord(value.remote)) &&
    ["about", "config", "meta", "source"].some((key) => key in value)
  );
}

/** Goose extensions that are part of Goose (builtin, platform, frontend, inline_python) have no server to run. */
function isGooseBuiltin(config: Record<string, unknown>): boolean {
  return typeof config.type === "string" && !["stdio", "sse", "streamable_http", "streamable-http", "http"].includes(config.type); // prettier-ignore
}

interface ListedServer {
  name: string;
  config: Record<string, unknown>;
  index: number;
}

interface ServerList {
  /** Where the list is: `mcpServers`, or `experimental.modelContextProtocolServers` (Continue's config.json). */
  root: PathSegment[];
  servers: ListedServer[];
}

/**
 * Lists of servers: Continue's `mcpServers: [{name, command, …}]` (config.yaml and its block
 * files), Augment's `"augment.advanced": {"mcpServers": [...]}` and Continue's older config.json
 * `experimental.modelContextProtocolServers: [{transport}]`, whose servers have no names and are
 * named after their package or host.
 */
function readServerList(value: unknown): ServerList | undefined {
  if (!isRecord(value)) return undefined;
  const augment = isRecord(value["augment.advanced"]) ? value["augment.advanced"].mcpServers : undefined;
  if (Array.isArray(augment) && !("mcpServers" in value)) return readNamedList(augment, ["augment.advanced", "mcpServers"]); // prettier-ignore
  const experimental = isRecord(value.experimental) ? value.experimental : {};
  const older = experimental.modelContextProtocolServers ?? (isRecord(experimental.modelContextProtocolServer) ? [experimental.modelContextProtocolServer] : undefined); // prettier-ignore
  const root: PathSegment[] = Array.isArray(value.mcpServers) ? ["mcpServers"] : Array.isArray(older) ? ["experimental", Array.isArray(experimental.modelContextProtocolServers) ? "modelContextProtocolServers" : "modelContextProtocolServer"] : []; // prettier-ignore
  const list: unknown = Array.isArray(value.mcpServers) ? value.mcpServers : older;
  return Array.isArray(list) ? readNamedList(list, root) : undefined;
}

function readNamedList(list: unknown[], root: PathSegment[]): ServerList {
  const issues: CatalogIssue[] = [];
  const seen = new Set<string>();
  const servers = list.flatMap((config: unknown, index) => {
    const path = formatPath([...root, index]);
    if (!isRecord(config)) {
      issues.push({ path, message: "expected a server object (name, command or url)" });
      return [];
    }
    const name = root[0] === "experimental" ? (config.name ?? nameServer(config, index)) : config.name;
    if (typeof name !== "string" || name.trim() === "") {
      issues.push({ path: `${path}.name`, message: "expected the server's name (a list of servers names each one)" });
      return [];
    }
    if (seen.has(name)) issues.push({ path: `${path}.name`, message: `another server in this list is also named ${JSON.stringify(name)}` }); // prettier-ignore
    seen.add(name);
    return [{ name, config, index }];
  });
  if (list.length === 0)
    issues.push({ path: formatPath(root), message: "no servers in it: there is nothing to import" });
  if (issues.length > 0) throw new CatalogImportError("Invalid mcpServers config", issues);
  return { root, servers };
}

/** One server's entry and warnings, or its issues, each under the server's place in the document. */
function collectServer(
  into: { entries: CatalogEntry[]; warnings: ImportWarning[]; issues: CatalogIssue[] },
  prefix: string,
  importOne: () => { entry: CatalogEntry; warnings: ImportWarning[] },
): void {
  try {
    const result = importOne();
    into.entries.push(result.entry);
    into.warnings.push(...prefixIssues(result.warnings, prefix));
  } catch (error) {
    if (!(error instanceof CatalogImportError)) throw error;
    into.issues.push(...prefixIssues(error.issues, prefix));
  }
}

/** An unnamed server's name: its package (`mcp-server-sqlite`), else its URL's host, else its place. */
function nameServer(config: Record<string, unknown>, index: number): string {
  const launch = isRecord(config.transport) ? config.transport : config;
  const args = Array.isArray(launch.args) ? launch.args.filter((arg): arg is string => typeof arg === "string") : [];
  const target = args.find((arg) => !arg.startsWith("-") && !/^(?:run|exec|x|dlx|tool)$/.test(arg));
  if (target)
    return (
      target
        .split("/")
        .pop()
        ?.replace(/@[^@]*$/, "") || target
    );
  if (typeof launch.url === "string" && URL.canParse(launch.url)) return new URL(launch.url).hostname;
  return `server-${index + 1}`;
}

function importListed({ root, servers }: ServerList, options: ImportOptions): ImportResult {
  const entries: CatalogEntry[] = [];
  const older = root[0] === "experimental";
  const warnings: ImportWarning[] = [{ path: formatPath(root), message: older ? "Continue's older list of servers: each named after its package or host" : "a list of named servers (Continue, Augment): each read as the server of its name" }]; // prettier-ignore
  const issues: CatalogIssue[] = [];
  for (const { name, config, index } of servers) {
    const prefix = formatPath([...root, index]);
    collectServer({ entries, warnings, issues }, prefix, () =>
      importServer(name, config, { inputs: [], extension: [] }, options, "generic"),
    );
  }
  if (issues.length > 0) throw new CatalogImportError("Invalid mcpServers config", issues);
  return { entries, warnings };
}

/** `{"name": "fetch", "command": ...}` -> the server `fetch`; refused without a name to use as its id. */
function readSingleServer(value: unknown): { name: string; server: Record<string, unknown> } | undefined {
  if (!isSingleServer(value) || Object.keys(value).some((key) => WRAPPER_KEYS.has(key))) return undefined;
  const { name, ...server } = value;
  if (typeof name === "string" && name.trim() !== "") return { name, server };
  throw new CatalogImportError("Invalid mcpServers config", [
    {
      path: "",
      message: 'a single server without a name: give it one, as {"mcpServers": {"<name>": {...}}} or with "name"',
    },
  ]);
}

const SERVER_KEYS = ["mcpServers", "servers", "context_servers", "mcp_servers", "extensions", "registry"] as const;

const DIALECTS: Readonly<Record<(typeof SERVER_KEYS)[number], ClientDialect>> = {
  mcpServers: "generic",
  servers: "generic",
  context_servers: "generic",
  mcp_servers: "codex",
  extensions: "goose",
  registry: "docker",
};

function isServerMap(value: unknown): value is Record<string, Record<string, unknown>> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((server) => typeof server === "object" && server !== null && !Array.isArray(server))
  );
}

/** The keys a config keeps its servers under; a server of that name makes the map no bare one. */
const WRAPPER_KEYS = new Set([
  "mcpServers",
  "servers",
  "context_servers",
  "mcp",
  "mcp_servers",
  "extensions",
  "registry",
]);

/**
 * Imports a document this importer wrapped itself (a single server, a bare map of servers), with
 * paths of notes and problems as they are in the document: the wrapper's `prefix` taken off.
 */
function importWrapped(wrapped: unknown, prefix: string, note: string, options: ImportOptions): ImportResult {
  const unwrap = <T extends CatalogIssue>(issue: T): T =>
    issue.path.startsWith(prefix) ? { ...issue, path: issue.path.slice(prefix.length).replace(/^\./, "") } : issue;
  try {
    const result = importMcpServersConfig(wrapped, options);
    return { entries: result.entries, warnings: [{ path: "", message: note }, ...result.warnings.map(unwrap)] };
  } catch (error) {
    if (!(error instanceof CatalogImportError)) throw error;
    throw new CatalogImportError("Invalid mcpServers config", error.issues.map(unwrap));
  }
}

/**
 * VS Code's settings.json keeps its servers under `mcp.servers` (also as the dotted key
 * `"mcp.servers"`); Amp's under `"amp.mcpServers"`; Opencode's config directly under `mcp`.
 */
function readNestedVsCodeSettings(value: unknown): { key: string; value: unknown; flat: boolean } | undefined {
  if (!isRecord(value)) return undefined;
  for (const [key, wrapper] of [
    ["amp.mcpServers", "mcpServers"],
    ["mcp.servers", "servers"],
  ] as const) {
    if (isRecord(value[key]) && !("mcpServers" in value) && !("servers" in value)) return { key, value: { [wrapper]: value[key] }, flat: true }; // prettier-ignore
  }
  if (!("mcp" in value)) return undefined;
  if ("mcpServers" in value || "servers" in value) return undefined;
  const mcp = value.mcp;
  if (typeof mcp === "object" && mcp !== null && !("servers" in mcp)) {
    return { key: "mcp", value: { servers: mcp }, flat: true };
  }
  return { key: "mcp", value: mcp, flat: false };
}

/** Other clients' names for a remote server's URL, and whose spelling each is. */
const URL_ALIASES = { serverUrl: "Windsurf", httpUrl: "Gemini CLI", baseUrl: "Cherry Studio" } as const;

/** What the document says beside its servers: VS Code's `inputs`, a Gemini CLI extension's `settings`. */
interface SharedSettings {
  inputs: readonly ClientInputConfig[];
  extension: readonly ExtensionSetting[];
}

function importServer(
  name: string,
  config: Record<string, unknown>,
  shared: SharedSettings,
  options: ImportOptions,
  dialect: ClientDialect = "generic",
) {
  const notes = new ImportNotes("mcpServers", config);
  const settings = new ClientSettings(notes, shared.inputs);
  const read = readCommonExtras(readDialectFields(config, dialect, settings, notes), settings, notes);
  const spelled = applyExtensionSettings(read, shared.extension, settings);
  const flat = flattenTransport(flattenZedCommand(spelled, notes), notes);
  const normalized = readTypeAlias(readUrlAlias(readOpencodeServer(flat, notes), notes), notes);
  const { launch, title, description } = readDisplayFields(normalized);
  const { server, auth } = mapServer(name, launch, settings, notes);
  const entry = withDocumentPaths(() =>
    finalizeEntry(
      {
        schemaVersion: 1,
        id: toSlug(name),
        source: options.source ?? "custom",
        name: title ?? name,
        ...(description !== undefined && { description }),
        origin: { format: "mcpServers", name },
        server,
        userConfig: settings.fields,
        auth: auth ?? chooseAuth(settings.fields, server, notes),
      },
      notes,
    ),
  );
  return { entry, warnings: notes.warnings() };
}

/** The entry's launch fields and the server fields they come from (a docker run's image is in its args). */
const DOCUMENT_PATHS: ReadonlyArray<[RegExp, string]> = [
  [/^server\.(env|headers|url|command|args)\b/, "$1"],
  [/^server\.image$/, "args"],
];

/**
 * The entry check reports paths of the Switchboard entry; where a server field maps to one, the
 * problem is reported at that field of the document instead, so the admin finds it.
 */
function withDocumentPaths<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof CatalogImportError)) throw error;
    const issues = error.issues.map((issue) => {
      const rule = DOCUMENT_PATHS.find(([pattern]) => pattern.test(issue.path));
      return rule ? { ...issue, path: issue.path.replace(rule[0], rule[1]) } : issue;
    });
    throw new CatalogImportError(error.message, issues);
  }
}

/** A display name (Cherry Studio, Goose) and description (Claude Code, Cherry Studio, Goose) some clients keep beside the launch fields. */
function readDisplayFields(config: Record<string, unknown>) {
  const { name, description, ...launch } = config;
  const title = typeof name === "string" && name.trim() !== "" && name.length <= 200 ? name : undefined;
  const text = typeof description === "string" && description.length <= 4000 ? description : undefined;
  return {
    launch: { ...launch, ...(title === undefined && name !== undefined && { name }), ...(text === undefined && description !== undefined && { description }) }, // prettier-ignore
    title,
    description: text,
  };
}

/** Opencode: `type` local/remote, `command` as one array, env vars under `environment`. */
function readOpencodeServer(config: Record<string, unknown>, notes: ImportNotes): Record<string, unknown> {
  const { type, command, environment, ...rest } = config;
  if (type === "remote") return { ...rest, ...(environment !== undefined && { environment }) };
  if (!Array.isArray(command) && environment === undefined) return config;
  const [program, ...args] = Array.isArray(command) ? (command as unknown[]) : [command];
  if (Array.isArray(command)) notes.warn(["command"], "a command array (Opencode): its first item is the program, the rest its args"); // prettier-ignore
  return {
    ...rest,
    ...(type !== undefined && { type }),
    command: program,
    ...(Array.isArray(command) && { args }),
    ...(environment !== undefined && { env: environment }),
  };
}

/** Zed's older `"command": {"path", "args", "env"}` form. */
function flattenZedCommand(config: Record<string, unknown>, notes: ImportNotes): Record<string, unknown> {
  const { command, ...rest } = config;
  if (typeof command !== "object" || command === null || Array.isArray(command)) return config;
  const { path, ...launch } = command as Record<string, unknown>;
  notes.warn(["command"], "Zed's command object: read as command (its path), args and env");
  return { ...rest, ...launch, command: path };
}

function readUrlAlias(config: Record<string, unknown>, notes: ImportNotes): Record<string, unknown> {
  const alias = (Object.keys(URL_ALIASES) as Array<keyof typeof URL_ALIASES>).find((key) => key in config);
  if (alias === undefined || "url" in config) return config;
  const { [alias]: url, ...rest } = config;
  notes.warn([alias], `read as the remote server's url (${URL_ALIASES[alias]} spelling)`);
  return { ...rest, url, ...(alias === "httpUrl" && rest.type === undefined && { type: "http" }) };
}

/**
 * A server's fields nested in a `transport` object (`{"transport": {"type": "sse", "url": ...}}`,
 * or only its type beside a top-level url), as several READMEs publish them. A field given both
 * ways leaves the object as it is (kept, with a note).
 */
function flattenTransport(config: Record<string, unknown>, notes: ImportNotes): Record<string, unknown> {
  const { transport, ...rest } = config;
  if (typeof transport === "string" && !("type" in rest)) {
    notes.warn(["transport"], `read as type ${JSON.stringify(transport)}`);
    return { ...rest, type: transport };
  }
  if (typeof transport !== "object" || transport === null || Array.isArray(transport)) return config;
  if (Object.keys(transport).some((key) => key in rest)) return config;
  notes.warn(["transport"], "a transport object: read as the server's own fields");
  return { ...rest, ...transport };
}

/**
 * Claude Code's `"url": "${API_BASE_URL:-https://api.example.com}/mcp"`: the URL's scheme and host
 * come from a variable, which no setting may be (the host decides where tokens go); its default is
 * used and the URL as written is kept for an admin who points the entry elsewhere.
 */
function readDefaultedBase(config: Record<string, unknown>, notes: ImportNotes): Record<string, unknown> {
  const { url } = config;
  const match = typeof url === "string" ? /^\$\{(?:env:)?([A-Za-z_]\w*):-(https?:\/\/[^}\s]+)\}(.*)$/s.exec(url) : null;
  if (!match) return config;
  const [, variable, base = "", rest = ""] = match;
  notes.keep(["url"], `its base is the variable ${variable}, which Switchboard cannot let a member set: its default ${base} was used`); // prettier-ignore
  return { ...config, url: `${base.replace(/\/$/, "")}${rest.startsWith("/") || rest === "" ? rest : `/${rest}`}` };
}

/** Cline's `transportType` values by lower case; the type they mean. */
const CLINE_TRANSPORT_TYPES: Readonly<Record<string, string>> = { stdio: "stdio", sse: "sse", streamablehttp: "streamableHttp" }; // prettier-ignore

/** Cline's name for `type`, which a URL alone cannot replace: SSE servers need not end in /sse. */
function readTypeAlias(config: Record<string, unknown>, notes: ImportNotes): Record<string, unknown> {
  const { transportType, ...rest } = config;
  const type = typeof transportType === "string" ? getOwn(CLINE_TRANSPORT_TYPES, transportType.toLowerCase()) : undefined; // prettier-ignore
  if (type === undefined || "type" in config) return config;
  notes.warn(["transportType"], "read as type (Cline's spelling)");
  return { ...rest, type };
}

function mapServer(name: string, config: Record<string, unknown>, settings: ClientSettings, notes: ImportNotes) {
  if (config.type === "websocket" || (typeof config.url === "string" && /^wss?:\/\//i.test(config.url))) {
    throw new CatalogImportError("Invalid mcpServers config", [
      { path: "type" in config ? "type" : "url", message: "a WebSocket server (LibreChat's websocket type): Switchboard connects to remote servers over Streamable HTTP or SSE only" }, // prettier-ignore
    ]);
  }
  if ("url" in config) return mapRemoteServer(name, config, settings, notes);
  if ("command" in config) return mapStdioServer(config, settings, notes);
  if ("settings" in config || config.source === "extension") {
    throw new CatalogImportError("Invalid mcpServers config", [
      {
        path: "",
        message:
          "a Zed extension's server: the extension provides its command, which this document does not hold; import the server's own mcpServers config or server.json instead",
      },
    ]);
  }
  throw new CatalogImportError("Invalid mcpServers config", [
    {
      path: "",
      message: "expected command (a local server) or url (a remote one; serverUrl and httpUrl are read as url)",
    },
  ]);
}

function mapRemoteServer(name: string, config: Record<string, unknown>, settings: ClientSettings, notes: ImportNotes) {
  const { oauth, ...rest } = readFillInUrl(readDefaultedBase(config, notes), notes);
  const remote = parseKeepingUnknown(remoteServerSchema, oauth === false ? rest : { ...rest, ...(oauth !== undefined && { oauth }) }, notes); // prettier-ignore
  settings.learnSecrets(remote.headers ?? {}, []);
  const headers = Object.fromEntries(
    Object.entries(remote.headers ?? {}).map(([header, value]) => [
      header,
      settings.convertNamed(header, value, ["headers", header]),
    ]),
  );
  const transport = remote.type === "sse" ? "sse" : remote.type ? "streamable-http" : inferTransport(remote.url);
  const url = settings.convertUrl(remote.url, ["url"]);
  const server = noteSettingHost({ type: "remote", url, transport, headers }, ["url"], notes);
  if (oauth === false) return { server, auth: withoutOAuth(settings, server, notes) };
  return { server, auth: mapOAuthBlock(name, remote.oauth, notes) };
}

/** Opencode's `"oauth": false`: the server takes its credentials in headers, or none at all. */
function withoutOAuth(settings: ClientSettings, server: CatalogServer, notes: ImportNotes): CatalogAuth {
  const secrets = Object.keys(settings.fields).filter((key) => settings.fields[key]?.secret);
  notes.warn(["oauth"], secrets.length > 0 ? "OAuth turned off (Opencode's oauth: false): the headers' secret settings are the credentials" : "OAuth turned off (Opencode's oauth: false): the server takes no credentials"); // prettier-ignore
  return secrets.length > 0 ? chooseAuth(settings.fields, server, notes) : { kind: "none" };
}

/**
 * READMEs write the part of a URL to fill in as \`<your-server>\`, LibreChat and Continue as
 * \`{{NAME}}\`: the part becomes a setting (in the host only once an admin allows hosts). A URL that
 * is nothing but such a part says nothing of where the server is, and is refused.
 */
function readFillInUrl(config: Record<string, unknown>, notes: ImportNotes): Record<string, unknown> {
  const { url } = config;
  if (typeof url !== "string") return config;
  if (/^\s*(?:\{\{\s*[\w.-]+\s*\}\}|\$\{[^}]+\}|<[^<>]+>|\{env:\w+\})\s*$/.test(url)) {
    throw new CatalogImportError("Invalid mcpServers config", [
      { path: "url", message: `the whole URL is a variable (${url}): a setting may fill in the URL's host, path or query, but the entry needs the URL itself; write it in (e.g. https://\${HOST}/mcp) and import again` }, // prettier-ignore
    ]);
  }
  if (!/<[A-Za-z][\w .-]*>/.test(url)) return config;
  const filled = url.replaceAll(/<([A-Za-z][\w .-]*)>/g, (_match, name: string) => `\${${name.trim().replaceAll(/[^\w]+/g, "_").toUpperCase()}}`); // prettier-ignore
  notes.warn(["url"], `parts to fill in (${url}): each became a setting`);
  return { ...config, url: filled };
}

function mapStdioServer(config: unknown, settings: ClientSettings, notes: ImportNotes) {
  const stdio = parseKeepingUnknown(stdioServerSchema, config, notes);
  // `${HOME}/.local/bin/uvx` is still uvx, which the runtime's image has; any other program is not.
  const variable = /\$\{[^}]*\}|\{\{[^}]*\}\}|^\$\w+/.exec(stdio.command)?.[0];
  if (variable !== undefined && !isKnownLauncher(stdio.command)) {
    throw new CatalogImportError("Invalid mcpServers config", [
      { path: "command", message: `the program is given by ${variable}, a path on the desktop the config was written for (a plugin or extension directory, for one): members never choose the program a container runs; import the server's package (npx, uvx) or image instead` }, // prettier-ignore
    ]);
  }
  const line = normalizeCommand({ command: stdio.command, args: stdio.args ?? [] }, [], notes);
  settings.learnSecrets({ ...line.env, ...stdio.env }, line.args);
  const bridge = readMcpRemoteBridge(line);
  if (bridge) return mapBridge(bridge, stdio.env ?? {}, settings, notes);
  const isDocker = /^(?:docker|podman)(?:\.exe)?$/i.test(line.command.split(/[\\/]/).pop() ?? "");
  const args = settings.convertArguments(line.args, ["args"], !isDocker);
  const env = Object.fromEntries(
    Object.entries({ ...line.env, ...stdio.env }).map(([key, value]) => [
      key,
      settings.convertNamed(key, value, Object.hasOwn(stdio.env ?? {}, key) ? ["env", key] : ["command"]),
    ]),
  );
  const server: CatalogServer = {
    type: "local",
    ...inferLocalServer({ command: line.command, args, env }, [], notes),
  };
  return { server, auth: undefined };
}

/**
 * mcp-remote's headers often name env vars of the same config (`Bearer ${AUTH_TOKEN}`), which it
 * expands itself; the remote entry resolves them to those values (literal credentials become
 * secret settings on the way).
 */
function mapBridge(
  bridge: McpRemoteBridge,
  env: Readonly<Record<string, string>>,
  settings: ClientSettings,
  notes: ImportNotes,
) {
  notes.warn(["args"], `an mcp-remote bridge: imported as the remote server ${bridge.url} it connects to`);
  const headers = Object.fromEntries(
    bridge.headers.map(([header, value]) => {
      const expanded = value.replaceAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, name: string) => {
        const literal = Object.hasOwn(env, name) ? env[name] : undefined;
        return literal === undefined ? match : settings.convertNamed(name, literal, ["env", name]);
      });
      return [header, settings.convertNamed(header, expanded, ["args"])];
    }),
  );
  for (const name of Object.keys(env)) {
    if (!bridge.headers.some(([, value]) => value.includes(`\${${name}}`)))
      notes.keep(["env", name], "not used by the remote server");
  }
  const remote: RemoteServer = {
    type: "remote",
    url: settings.convertUrl(bridge.url, ["args"]),
    transport: bridge.transport ?? inferTransport(bridge.url),
    headers,
  };
  const server = noteSettingHost(remote, ["args"], notes);
  if (bridge.ignored.length > 0) {
    notes.warn(["args"], `mcp-remote's own options ${bridge.ignored.join(", ")} are not applied: they configure the desktop bridge, which the gateway replaces`); // prettier-ignore
  }
  return { server, auth: mapBridgeClient(bridge, notes) };
}

/** mcp-remote's pre-registered OAuth client: the server's OAuth, discovered from its URL, with an admin's client. */
function mapBridgeClient(bridge: McpRemoteBridge, notes: ImportNotes): CatalogAuth | undefined {
  if (!bridge.staticClient) return undefined;
  const { clientId, hasSecret } = bridge.staticClient;
  const registered = clientId === undefined ? "an OAuth client registered with the server" : `an OAuth client registered with the server (client_id ${clientId})`; // prettier-ignore
  notes.warn(["args"], `--static-oauth-client-info: ${registered}; ${ADMIN_CLIENT}`);
  if (hasSecret) notes.warn(["args"], "--static-oauth-client-info: its client_secret dropped: secrets never live in the catalog; an admin enters them"); // prettier-ignore
  const scopes = bridge.scopes ?? [];
  return { kind: "remote_mcp_static", scopes, defaultScopes: scopes, authorizationParams: {}, delivery: [{ kind: "header" }] }; // prettier-ignore
}

/** MCPHub (seeds): explicit endpoints -> type 1, dynamic registration -> type 4, a client id -> type 3. */
function mapOAuthBlock(name: string, oauth: RemoteServerConfig["oauth"], notes: ImportNotes): CatalogAuth | undefined {
  if (!oauth) return undefined;
  notes.dropSecret(["oauth", "clientSecret"], oauth.clientSecret);
  notes.dropSecret(
    ["oauth", "dynamicRegistration", "initialAccessToken"],
    oauth.dynamicRegistration?.initialAccessToken,
  );
  if (oauth.clientId) notes.keep(["oauth", "clientId"], ADMIN_CLIENT);
  const base = {
    scopes: oauth.scopes ?? [],
    defaultScopes: oauth.scopes ?? [],
    authorizationParams: {},
    delivery: [{ kind: "header" as const }],
  };
  if (oauth.authorizationEndpoint && oauth.tokenEndpoint) {
    return {
      kind: "oauth2_generic",
      providerId: toSlug(name),
      authorizationUrl: oauth.authorizationEndpoint,
      tokenUrl: oauth.tokenEndpoint,
      ...base,
    };
  }
  notes.keep(["oauth", "authorizationEndpoint"], "needs tokenEndpoint too");
  notes.keep(["oauth", "tokenEndpoint"], "needs authorizationEndpoint too");
  const issuer = oauth.dynamicRegistration?.issuer;
  const discovery = issuer ? { authorizationServerUrl: issuer } : {};
  if (oauth.clientId && !oauth.dynamicRegistration?.enabled) {
    return { kind: "remote_mcp_static", ...discovery, ...base };
  }
  if (oauth.dynamicRegistration?.enabled === false) notes.keep(["oauth", "dynamicRegistration", "enabled"]);
  return { kind: "remote_mcp_dcr", ...discovery, ...base };
}
