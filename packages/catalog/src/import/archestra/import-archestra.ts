import { isIcon } from "../../schema/catalog-entry.ts";
import type { CatalogServer } from "../../schema/server.ts";
import type { UserConfigField } from "../../schema/user-config-field.ts";
import { isMissingValue } from "../../schema/user-config-value.ts";
import { parseTemplate } from "../../template/parse-template.ts";
import { ImportNotes } from "../import-notes.ts";
import { finalizeEntry } from "../import-result.ts";
import type { ImportOptions, ImportResult } from "../import-result.ts";
import { toEnvName, toSlug } from "../naming.ts";
import { parseKeepingUnknown } from "../parse-keeping-unknown.ts";
import { archestraEntrySchema } from "./archestra-schema.ts";
import type { ArchestraEntry } from "./archestra-schema.ts";
import { mapArchestraAuth } from "./map-archestra-auth.ts";
import { mapArchestraServer } from "./map-archestra-server.ts";

/** Imports one Archestra / DXT-style catalog entry (the seeds' format) from parsed JSON. */
export function importArchestraEntry(value: unknown, options: ImportOptions = {}): ImportResult {
  const notes = new ImportNotes("archestra", value);
  const source = parseKeepingUnknown(archestraEntrySchema, value, notes);
  const userConfig = mapUserConfig(source, notes);
  const server = bindUnreferencedSettings(mapArchestraServer(source, notes), source, userConfig, notes);
  const auth = mapArchestraAuth(source, server, userConfig, notes);
  const icon = source.icon !== undefined && isIcon(source.icon) ? source.icon : undefined;
  if (icon === undefined) notes.keep(["icon"], "not an http(s) URL or emoji");
  const docsUrl = source.server?.docs_url ?? source.documentation;
  if (source.server?.docs_url) notes.keep(["documentation"]);
  const entry = finalizeEntry(
    {
      schemaVersion: 1,
      id: toSlug(source.name),
      source: options.source ?? "custom",
      name: source.display_name ?? source.name,
      description: source.description ?? "",
      ...(icon && { icon }),
      ...(source.category && { category: source.category }),
      tags: source.keywords ?? [],
      ...(source.author && { publisher: source.author }),
      ...(source.homepage && { homepage: source.homepage }),
      ...(docsUrl && { docsUrl }),
      ...(source.repository && { repositoryUrl: source.repository.url }),
      ...(source.version && { version: source.version }),
      origin: { format: "archestra", name: source.name },
      server,
      userConfig,
      auth,
    },
    notes,
  );
  return { entries: [entry], warnings: notes.warnings() };
}

function mapUserConfig(source: ArchestraEntry, notes: ImportNotes): Record<string, UserConfigField> {
  const fields: Record<string, UserConfigField> = {};
  for (const [key, field] of Object.entries(source.user_config ?? {})) {
    const secret = field.sensitive ?? false;
    const hasDefault = !isMissingValue(field.default);
    if (hasDefault && secret) {
      notes.keep(["user_config", key, "default"], "secret settings take no default");
    }
    fields[key] = {
      type: field.type,
      title: field.title ?? key,
      description: field.description ?? "",
      required: field.required ?? false,
      secret,
      multiple: field.multiple ?? false,
      ...(hasDefault && !secret && { default: field.default }),
      ...(field.min !== undefined && { min: field.min }),
      ...(field.max !== undefined && { max: field.max }),
    };
  }
  return fields;
}

/**
 * Archestra passed settings no template mentions to the server as upper-cased environment
 * variables (the seeds' Slack entry relies on it: `slack_mcp_xoxc_token` -> SLACK_MCP_XOXC_TOKEN).
 * Switchboard has only explicit templates, so the import writes that binding out.
 */
function bindUnreferencedSettings(
  server: CatalogServer,
  source: ArchestraEntry,
  userConfig: Readonly<Record<string, UserConfigField>>,
  notes: ImportNotes,
): CatalogServer {
  const templates =
    server.type === "local"
      ? [server.command ?? "", ...server.args, ...Object.values(server.env)]
      : [server.url, ...Object.values(server.headers)];
  templates.push(...Object.values(source.server?.inject_file ?? {}));
  const referenced = new Set(templates.flatMap(referencedSettings));
  const env = server.type === "local" ? { ...server.env } : {};
  for (const [key, field] of Object.entries(userConfig)) {
    if (referenced.has(key)) continue;
    const name = toEnvName(key);
    if (server.type === "remote" || field.multiple || Object.hasOwn(env, name)) {
      notes.warn(["user_config", key], "not referenced by any template, so the server never receives it");
      continue;
    }
    env[name] = `\${user_config.${key}}`;
    notes.warn(["user_config", key], `not referenced by any template; passed as env ${name} (Archestra convention)`);
  }
  return server.type === "local" ? { ...server, env } : server;
}

function referencedSettings(template: string): string[] {
  const parsed = parseTemplate(template);
  if (!parsed.ok) return [];
  return parsed.parts.flatMap((part) =>
    part.kind === "placeholder" && part.name.startsWith("user_config.") ? [part.name.slice("user_config.".length)] : [],
  );
}
