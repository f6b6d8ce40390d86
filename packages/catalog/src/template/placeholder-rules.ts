import type { UserConfigField } from "../schema/user-config-field.ts";
import { getOwn } from "../util/get-own.ts";
import { parseTemplate } from "./parse-template.ts";

/** Where a template is used; each place allows different placeholders. */
export type TemplateSite = "command" | "arg" | "env" | "header" | "url" | "file";

export type Placeholder =
  | { kind: "user_config"; key: string }
  | { kind: "conditional"; conditions: string[]; then: { text: string } | { key: string } }
  | { kind: "access_token" }
  | { kind: "expires_at" }
  | { kind: "bundle_dir" };

export type CheckedPart = { kind: "text"; text: string } | Placeholder;

/** What a template may refer to: the entry's settings, and whether the entry yields an OAuth token. */
export interface TemplateScope {
  fields: Readonly<Record<string, UserConfigField>>;
  oauth: boolean;
}

export type CheckedTemplate = { ok: true; parts: CheckedPart[] } | { ok: false; messages: string[] };

const EXPECTED = "expected ${user_config.<key>}, ${access_token}, ${expires_at} or ${__dirname}";

const ALLOWED: Readonly<Record<TemplateSite, ReadonlySet<Placeholder["kind"]>>> = {
  command: new Set(["bundle_dir"]),
  arg: new Set(["user_config", "conditional", "bundle_dir"]),
  env: new Set(["user_config", "conditional", "bundle_dir", "access_token", "expires_at"]),
  header: new Set(["user_config", "access_token", "expires_at"]),
  url: new Set(["user_config"]),
  file: new Set(["user_config", "access_token", "expires_at"]),
};

const NOT_ALLOWED_BECAUSE: Readonly<Record<Placeholder["kind"], string>> = {
  access_token: "tokens go only into env, headers and files (argv and URLs show up in process lists and logs)",
  expires_at: "token data goes only into env, headers and files",
  user_config: "the command is fixed by the catalog entry",
  conditional: "conditions are supported only in args and env",
  bundle_dir: "it only makes sense for a local server's command, args and env",
};

/**
 * Checks every placeholder of a template against the rules of its site. The same function guards
 * catalog validation and launch-time rendering, so an entry that validates also renders.
 */
export function checkTemplate(template: string, site: TemplateSite, scope: TemplateScope): CheckedTemplate {
  const parsed = parseTemplate(template);
  if (!parsed.ok) return { ok: false, messages: [parsed.message] };
  const parts: CheckedPart[] = [];
  const messages: string[] = [];
  for (const part of parsed.parts) {
    if (part.kind === "text") {
      parts.push(part);
      continue;
    }
    const placeholder = classifyPlaceholder(part.name);
    const problem =
      typeof placeholder === "string"
        ? placeholder
        : findPlaceholderProblem(placeholder, `\${${part.name}}`, site, scope);
    if (problem !== undefined) messages.push(problem);
    else if (typeof placeholder !== "string") parts.push(placeholder);
  }
  const multiples = parts.filter((part) => part.kind === "user_config" && getOwn(scope.fields, part.key)?.multiple);
  if (multiples.length > 1) messages.push("an argument may use at most one multiple setting");
  return messages.length === 0 ? { ok: true, parts } : { ok: false, messages };
}

function findPlaceholderProblem(
  placeholder: Placeholder,
  raw: string,
  site: TemplateSite,
  scope: TemplateScope,
): string | undefined {
  if (!ALLOWED[site].has(placeholder.kind)) {
    return `${raw} is not allowed in ${site === "arg" ? "args" : `a ${site}`}: ${NOT_ALLOWED_BECAUSE[placeholder.kind]}`;
  }
  if (placeholder.kind === "access_token" || placeholder.kind === "expires_at") {
    return scope.oauth ? undefined : `${raw} needs an OAuth auth kind; this entry's auth yields no token`;
  }
  if (placeholder.kind === "conditional") {
    for (const key of listSettingKeys(placeholder)) {
      const field = getOwn(scope.fields, key);
      if (!field) return `${raw} refers to no setting: userConfig has no key ${JSON.stringify(key)}`;
      if (field.multiple) return `${raw} uses the multiple setting ${key}, which a condition cannot test`;
    }
    return undefined;
  }
  if (placeholder.kind !== "user_config") return undefined;
  const field = getOwn(scope.fields, placeholder.key);
  if (!field) return `${raw} refers to no setting: userConfig has no key ${JSON.stringify(placeholder.key)}`;
  if (field.multiple && site !== "arg") return `${raw} is a multiple setting, which only args can expand`;
  if (field.secret && site === "url") return `${raw} is a secret setting: URLs end up in logs`;
  return undefined;
}

const SETTING = String.raw`user_config\.[A-Za-z_][A-Za-z0-9_-]*`;
/**
 * The one expression form templates take, as Archestra's catalog writes it:
 * `${user_config.a && user_config.b ? '--flag' : ''}` or `${user_config.a ? user_config.a : ''}`.
 * The text (or setting) is used when every condition is set and not false, 0 or empty; otherwise
 * the placeholder counts as an empty optional setting (so an argument made only of it is left out).
 */
const CONDITIONAL = new RegExp(
  String.raw`^\s*(${SETTING}(?:\s*&&\s*${SETTING})*)\s*\?\s*(?:'([^']*)'|"([^"]*)"|(${SETTING}))\s*:\s*(?:''|"")\s*$`,
);
const CONDITIONAL_FORM =
  "only ${user_config.a && user_config.b ? 'text' : ''} or ${user_config.a ? user_config.b : ''}";

/** Every setting a placeholder reads. */
export function listSettingKeys(placeholder: Placeholder): string[] {
  if (placeholder.kind === "user_config") return [placeholder.key];
  if (placeholder.kind !== "conditional") return [];
  return [...placeholder.conditions, ...("key" in placeholder.then ? [placeholder.then.key] : [])];
}

/** Returns the placeholder, or a message naming the unknown one. */
export function classifyPlaceholder(name: string): Placeholder | string {
  if (name.includes("?")) return classifyConditional(name);
  if (name.startsWith("user_config.")) return { kind: "user_config", key: name.slice("user_config.".length) };
  if (name === "access_token") return { kind: "access_token" };
  if (name === "expires_at") return { kind: "expires_at" };
  if (name === "__dirname") return { kind: "bundle_dir" };
  if (name === "refresh_token") {
    // A server that refreshes by itself races Switchboard's background refresh; with rotation and
    // reuse detection the loser's replay revokes the whole grant.
    return "${refresh_token} is not available: Switchboard keeps refresh tokens and refreshes in the background";
  }
  return `unknown placeholder \${${name}}; ${EXPECTED}`;
}

function classifyConditional(name: string): Placeholder | string {
  const match = CONDITIONAL.exec(name);
  if (!match) return `unsupported expression \${${name}}: ${CONDITIONAL_FORM}`;
  const settingKey = (setting: string) => setting.slice("user_config.".length);
  const conditions = (match[1] ?? "").split("&&").map((condition) => settingKey(condition.trim()));
  const text = match[2] ?? match[3];
  const key = match[4] === undefined ? undefined : settingKey(match[4]);
  return { kind: "conditional", conditions, then: key === undefined ? { text: text ?? "" } : { key } };
}
