import { isHttpUrl } from "../schema/primitives.ts";
import type { UserConfigValue } from "../schema/user-config-value.ts";
import { getOwn } from "../util/get-own.ts";
import { checkTemplate } from "./placeholder-rules.ts";
import type { CheckedPart, TemplateScope, TemplateSite } from "./placeholder-rules.ts";

export interface RenderContext {
  scope: TemplateScope;
  /** Validated settings; a key is absent when the member left an optional setting empty. */
  values: Readonly<Record<string, UserConfigValue>>;
  accessToken?: string;
  /** ISO 8601; empty when the token does not expire. */
  expiresAt?: string;
  bundleDir: string;
  /** Hosts a setting may put in a URL's host (`server.allowedHosts`); none when absent. */
  allowedHosts?: readonly string[] | undefined;
}

export type Rendered = { ok: true; values: string[]; secret: boolean } | { ok: false; messages: string[] };

/** Sites where a value built only from empty optional settings is left out instead of rendered empty. */
const OMITTABLE: ReadonlySet<TemplateSite> = new Set(["arg", "env", "header"]);

/**
 * Substitutes placeholders in one pass: inserted values are never scanned again, so a setting whose
 * value contains `${access_token}` stays that literal text. Yields no value when every placeholder
 * is an empty optional setting (an env var or `--flag=${...}` is then omitted), and one value per
 * item of a multiple setting in args. In a URL, settings after the host are percent-encoded (they
 * fill path or query segments); a setting in the host must yield one of `allowedHosts`.
 */
export function renderTemplate(template: string, site: TemplateSite, context: RenderContext): Rendered {
  const checked = checkTemplate(template, site, context.scope);
  if (!checked.ok) return checked;
  const pieces: Array<string | string[]> = [];
  const hostParts = site === "url" ? findHostParts(checked.parts) : 0;
  let secret = false;
  let placeholders = 0;
  let missing = 0;
  for (const [index, part] of checked.parts.entries()) {
    if (part.kind !== "text") placeholders += 1;
    switch (part.kind) {
      case "text":
        pieces.push(part.text);
        break;
      case "user_config": {
        secret ||= getOwn(context.scope.fields, part.key)?.secret ?? false;
        const value = getOwn(context.values, part.key);
        if (value === undefined) missing += 1;
        const text = (item: unknown) =>
          site === "url" && index >= hostParts ? encodeURIComponent(String(item)) : String(item);
        pieces.push(Array.isArray(value) ? value.map(text) : text(value ?? ""));
        break;
      }
      case "conditional": {
        const holds = part.conditions.every((key) => isSet(getOwn(context.values, key)));
        const value = "key" in part.then ? getOwn(context.values, part.then.key) : part.then.text;
        if ("key" in part.then) secret ||= getOwn(context.scope.fields, part.then.key)?.secret ?? false;
        if (!holds || value === undefined) missing += 1;
        pieces.push(holds && value !== undefined ? String(value) : "");
        break;
      }
      case "access_token":
        if (!context.accessToken) return { ok: false, messages: ["no access token: authorize the connector first"] };
        secret = true;
        pieces.push(context.accessToken);
        break;
      case "expires_at":
        pieces.push(context.expiresAt ?? "");
        break;
      case "bundle_dir":
        pieces.push(context.bundleDir);
        break;
    }
  }
  if (placeholders > 0 && missing === placeholders && OMITTABLE.has(site)) return { ok: true, values: [], secret };
  const values = expand(pieces);
  const userHost = checked.parts.slice(0, hostParts).some((part) => part.kind === "user_config");
  const messages = values.flatMap((value) => [
    ...checkRenderedValue(value, site),
    ...(userHost ? checkUserHost(value, context.allowedHosts ?? []) : []),
  ]);
  return messages.length > 0 ? { ok: false, messages: [...new Set(messages)] } : { ok: true, values, secret };
}

/** JavaScript truthiness, as the catalogs that write `${user_config.a ? … : ''}` mean it. */
function isSet(value: UserConfigValue | undefined): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

/** Template rules allow at most one multiple setting per argument, so this is never a cross product. */
function expand(pieces: ReadonlyArray<string | string[]>): string[] {
  const list = pieces.find((piece) => Array.isArray(piece));
  if (!list) return [pieces.join("")];
  return list.map((item) => pieces.map((piece) => (Array.isArray(piece) ? item : piece)).join(""));
}

function checkRenderedValue(value: string, site: TemplateSite): string[] {
  if (value.includes("\0")) return ["contains a NUL character"];
  if (site === "header" && /[\r\n]/.test(value)) return ["contains a line break, which would split the HTTP header"];
  if (site === "url" && !isHttpUrl(value)) return [`is not an http(s) URL once filled in: ${JSON.stringify(value)}`];
  return [];
}

/**
 * How many leading parts reach into the URL's scheme or authority: the parts before the first text
 * that, after `scheme://`, holds a `/`, `?` or `#`. A setting among them decides the host.
 */
function findHostParts(parts: readonly CheckedPart[]): number {
  let text = "";
  for (const [index, part] of parts.entries()) {
    if (part.kind !== "text") {
      text += "\0";
      continue;
    }
    const authorityStart = text.indexOf("://");
    const combined = text + part.text;
    const start = (authorityStart === -1 ? combined.indexOf("://") : authorityStart) + 3;
    if (start >= 3 && /[/?#]/.test(combined.slice(Math.max(start, text.length)))) return index;
    text = combined;
  }
  return parts.length;
}

function checkUserHost(value: string, allowedHosts: readonly string[]): string[] {
  if (!isHttpUrl(value)) return [];
  const url = new URL(value);
  if (url.username || url.password) return ["must not carry a user name or password once filled in"];
  if (allowedHosts.some((pattern) => matchesHost(url.host, pattern))) return [];
  return [
    `a setting fills the URL's host, which may only be a host an administrator allowed for this entry (server.allowedHosts); ${JSON.stringify(url.host)} is not one`,
  ];
}

function matchesHost(host: string, pattern: string): boolean {
  const wanted = pattern.toLowerCase();
  return wanted.startsWith("*.") ? host.endsWith(wanted.slice(1)) && host.length > wanted.length - 1 : host === wanted;
}
