import { CatalogImportError, prefixIssues } from "../../errors/catalog-error.ts";
import type { CatalogIssue } from "../../errors/catalog-error.ts";
import { formatIssues } from "../../errors/format-issues.ts";
import { formatPath } from "../../errors/format-path.ts";
import type { CatalogAuth } from "../../schema/auth.ts";
import type { CatalogEntry } from "../../schema/catalog-entry.ts";
import type { CatalogServer } from "../../schema/server.ts";
import { chooseAuth } from "../assume-auth.ts";
import { ADMIN_CLIENT, ImportNotes } from "../import-notes.ts";
import type { ImportWarning } from "../import-notes.ts";
import { finalizeEntry } from "../import-result.ts";
import type { ImportOptions, ImportResult } from "../import-result.ts";
import { inferLocalServer } from "../infer-local-server.ts";
import { inferTransport } from "../infer-transport.ts";
import { toSlug } from "../naming.ts";
import { parseKeepingUnknown } from "../parse-keeping-unknown.ts";
import { ClientSettings } from "./client-settings.ts";
import { mcpServersDocumentSchema, remoteServerSchema, stdioServerSchema } from "./mcp-servers-schema.ts";
import type { RemoteServerConfig } from "./mcp-servers-schema.ts";

/**
 * Imports a Claude Desktop / Cursor style `{"mcpServers": {name: {command,args,env} | {url,...}}}`
 * document: one entry per server. Problems in several servers are reported together.
 */
export function importMcpServersConfig(value: unknown, options: ImportOptions = {}): ImportResult {
  const document = mcpServersDocumentSchema.safeParse(value, { reportInput: true });
  if (!document.success) throw new CatalogImportError("Invalid mcpServers config", formatIssues(document.error.issues));
  const entries: CatalogEntry[] = [];
  const warnings: ImportWarning[] = Object.keys(value as object)
    .filter((key) => key !== "mcpServers")
    .map((key) => ({ path: formatPath([key]), message: "not part of any server; ignored" }));
  const issues: CatalogIssue[] = [];
  for (const [name, config] of Object.entries(document.data.mcpServers)) {
    const prefix = formatPath(["mcpServers", name]);
    try {
      const result = importServer(name, config, options);
      entries.push(result.entry);
      warnings.push(...prefixIssues(result.warnings, prefix));
    } catch (error) {
      if (!(error instanceof CatalogImportError)) throw error;
      issues.push(...prefixIssues(error.issues, prefix));
    }
  }
  if (issues.length > 0) throw new CatalogImportError("Invalid mcpServers config", issues);
  return { entries, warnings };
}

function importServer(name: string, config: Record<string, unknown>, options: ImportOptions) {
  const notes = new ImportNotes("mcpServers", config);
  const settings = new ClientSettings(notes);
  const { server, auth } =
    "url" in config ? mapRemoteServer(name, config, settings, notes) : mapStdioServer(config, settings, notes);
  const entry = finalizeEntry(
    {
      schemaVersion: 1,
      id: toSlug(name),
      source: options.source ?? "custom",
      name,
      origin: { format: "mcpServers", name },
      server,
      userConfig: settings.fields,
      auth: auth ?? chooseAuth(settings.fields, server, notes),
    },
    notes,
  );
  return { entry, warnings: notes.warnings() };
}

function mapRemoteServer(name: string, config: unknown, settings: ClientSettings, notes: ImportNotes) {
  const remote = parseKeepingUnknown(remoteServerSchema, config, notes);
  const headers = Object.fromEntries(
    Object.entries(remote.headers ?? {}).map(([header, value]) => [
      header,
      settings.convertNamed(header, value, ["headers", header]),
    ]),
  );
  const transport = remote.type === "sse" ? "sse" : remote.type ? "streamable-http" : inferTransport(remote.url);
  const server: CatalogServer = { type: "remote", url: remote.url, transport, headers };
  return { server, auth: mapOAuthBlock(name, remote.oauth, notes) };
}

function mapStdioServer(config: unknown, settings: ClientSettings, notes: ImportNotes) {
  const stdio = parseKeepingUnknown(stdioServerSchema, config, notes);
  const args = (stdio.args ?? []).map((arg, index) => settings.convertArgument(arg, index, ["args", index]));
  const env = Object.fromEntries(
    Object.entries(stdio.env ?? {}).map(([key, value]) => [key, settings.convertNamed(key, value, ["env", key])]),
  );
  const server: CatalogServer = {
    type: "local",
    ...inferLocalServer({ command: stdio.command, args, env }, [], notes),
  };
  return { server, auth: undefined };
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
