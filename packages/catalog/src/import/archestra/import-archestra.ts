import { isIcon } from "../../schema/catalog-entry.ts";
import type { CatalogServer } from "../../schema/server.ts";
import type { UserConfigField } from "../../schema/user-config-field.ts";
import { isMissingValue } from "../../schema/user-config-value.ts";
import { parseTemplate } from "../../template/parse-template.ts";
import { classifyPlaceholder, listSettingKeys } from "../../template/placeholder-rules.ts";
import { ImportNotes, SECRET_ARGUMENT } from "../import-notes.ts";
import { finalizeEntry } from "../import-result.ts";
import type { ImportOptions, ImportResult } from "../import-result.ts";
import { toEnvName, toSettingKey, toSlug } from "../naming.ts";
import { findArgumentSecrets, findSecretSpans, isSecretName, replaceSpans } from "../secrets/detect-secrets.ts";
import type { PathSegment } from "../../errors/format-path.ts";
import { parseKeepingUnknown } from "../parse-keeping-unknown.ts";
import { archestraEntrySchema } from "./archestra-schema.ts";
import type { ArchestraEntry, ArchestraUserConfigField } from "./archestra-schema.ts";
import { mapArchestraAuth } from "./map-archestra-auth.ts";
import { mapArchestraServer } from "./map-archestra-server.ts";
import { resolveDesktopLaunch } from "./resolve-desktop-launch.ts";

/** Imports one Archestra / DXT-style catalog entry (the seeds' format) from parsed JSON. */
export function importArchestraEntry(value: unknown, options: ImportOptions = {}): ImportResult {
  const notes = new ImportNotes("archestra", value);
  const desktop = resolveDesktopLaunch(parseKeepingUnknown(archestraEntrySchema, value, notes), notes);
  const source = desktop.source;
  const userConfig = mapUserConfig(source, notes);
  const launchPath = source.server?.mcp_config ? ["server", "mcp_config"] : ["server"];
  const launch = withFiles(mapArchestraServer(source, notes), desktop.files);
  const mapped = extractLiteralSecrets(launch, userConfig, notes, launchPath);
  singleValuedInEnv(mapped, userConfig, notes);
  const server = bindUnreferencedSettings(mapped, source, userConfig, notes);
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

function withFiles(server: CatalogServer, files: Record<string, string>): CatalogServer {
  return server.type === "local" && Object.keys(files).length > 0 ? { ...server, files } : server;
}

function mapUserConfig(source: ArchestraEntry, notes: ImportNotes): Record<string, UserConfigField> {
  const fields: Record<string, UserConfigField> = {};
  for (const [key, field] of Object.entries(source.user_config ?? {})) {
    const path = ["user_config", key];
    const secretByName = !field.sensitive && field.type === "string" && isSecretName(key);
    if (secretByName) {
      notes.warn(path, `treated ${key} as a secret by its name (not marked sensitive): entered per connector`);
    }
    const secret = (field.sensitive ?? false) || secretByName;
    const hasDefault = !isMissingValue(field.default) && !isHostPathDefault(field, path, notes);
    if (hasDefault && secret) {
      notes.keep([...path, "default"], "secret settings take no default");
    }
    if (field.title === "") notes.warn([...path, "title"], `empty title: the setting is titled by its key ${key}`);
    fields[key] = {
      type: field.type,
      title: field.title || key,
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
 * Desktop defaults such as `${HOME}/notes`, `${__dirname}/data.db`, `~/x` or `./out` name places on
 * the member's own machine; a container has none of them, so the default is dropped (and noted).
 */
function isHostPathDefault(field: ArchestraUserConfigField, path: readonly PathSegment[], notes: ImportNotes): boolean {
  if (field.type !== "directory" && field.type !== "file") return false;
  const values = Array.isArray(field.default) ? field.default : [field.default];
  if (values.every((value) => typeof value === "string" && value.startsWith("/") && !value.includes("${")))
    return false;
  notes.keep(
    [...path, "default"],
    "dropped as the default: a path on the desktop user's machine (${HOME}, ${__dirname}, ~ or relative) means nothing in a container",
  );
  return true;
}

/**
 * Literal credentials in the launch (an API key written into env or passed as `--token=…`) must
 * not stay catalog text: each becomes a secret setting the launch refers to, and is noted.
 */
function extractLiteralSecrets(
  server: CatalogServer,
  userConfig: Record<string, UserConfigField>,
  notes: ImportNotes,
  launchPath: readonly PathSegment[],
): CatalogServer {
  if (server.type !== "local") return server;
  const placeholderFor = (name: string, path: readonly PathSegment[], reason: string) => {
    const key = toSettingKey(name);
    userConfig[key] ??= { type: "string", title: name, description: "", required: true, secret: true, multiple: false };
    notes.warn(path, `treated as a credential ${reason}: not imported; it became the secret setting ${key}`);
    return `\${user_config.${key}}`;
  };
  const env = Object.fromEntries(
    Object.entries(server.env).flatMap(([name, value]) => {
      // `HOME: "${HOME}"` hands the desktop's own variable through; a container has its own.
      const passthrough = /^\$\{([A-Z_][A-Z0-9_]*)\}$/.exec(value)?.[1];
      if (passthrough !== undefined) {
        notes.keep(
          [...launchPath, "env", name],
          `passes the desktop's $${passthrough} through; a container sets its own`,
        );
        return [];
      }
      const path = [...launchPath, "env", name];
      const spans = findSecretSpans(value, name);
      return [[name, replaceSpans(value, spans, (span) => placeholderFor(span.name ?? name, path, span.reason))]];
    }),
  );
  const secrets = findArgumentSecrets(server.args);
  for (const index of secrets.keys()) notes.warn([...launchPath, "args", index], SECRET_ARGUMENT);
  const args = server.args.map((arg, index) =>
    replaceSpans(arg, secrets.get(index) ?? [], (span) =>
      placeholderFor(span.name ?? `argument_${index + 1}`, [...launchPath, "args", index], span.reason),
    ),
  );
  return { ...server, args, env };
}

/** A list setting in an env var (which holds one string) is offered as a single value instead. */
function singleValuedInEnv(server: CatalogServer, userConfig: Record<string, UserConfigField>, notes: ImportNotes) {
  if (server.type !== "local") return;
  const inEnv = new Set(Object.values(server.env).flatMap(referencedSettings));
  for (const key of inEnv) {
    const field = userConfig[key];
    if (!field?.multiple) continue;
    userConfig[key] = {
      ...field,
      multiple: false,
      ...(Array.isArray(field.default) && { default: field.default.join(",") }),
    };
    notes.warn(["user_config", key, "multiple"], "used in an env var, which holds one value: offered as a single (comma-separated) value"); // prettier-ignore
  }
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
      ? [server.command ?? "", ...server.args, ...Object.values(server.env), ...Object.values(server.files ?? {})]
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
  return parsed.parts.flatMap((part) => {
    const placeholder = part.kind === "placeholder" ? classifyPlaceholder(part.name) : undefined;
    return placeholder === undefined || typeof placeholder === "string" ? [] : listSettingKeys(placeholder);
  });
}
