import { isHttpUrl } from "../schema/primitives.ts";
import type { UserConfigValue } from "../schema/user-config-value.ts";
import { getOwn } from "../util/get-own.ts";
import { checkTemplate } from "./placeholder-rules.ts";
import type { TemplateScope, TemplateSite } from "./placeholder-rules.ts";

export interface RenderContext {
  scope: TemplateScope;
  /** Validated settings; a key is absent when the member left an optional setting empty. */
  values: Readonly<Record<string, UserConfigValue>>;
  accessToken?: string;
  /** ISO 8601; empty when the token does not expire. */
  expiresAt?: string;
  bundleDir: string;
}

export type Rendered = { ok: true; values: string[]; secret: boolean } | { ok: false; messages: string[] };

/** Sites where a value built only from empty optional settings is left out instead of rendered empty. */
const OMITTABLE: ReadonlySet<TemplateSite> = new Set(["arg", "env", "header"]);

/**
 * Substitutes placeholders in one pass: inserted values are never scanned again, so a setting whose
 * value contains `${access_token}` stays that literal text. Yields no value when every placeholder
 * is an empty optional setting (an env var or `--flag=${...}` is then omitted), and one value per
 * item of a multiple setting in args.
 */
export function renderTemplate(template: string, site: TemplateSite, context: RenderContext): Rendered {
  const checked = checkTemplate(template, site, context.scope);
  if (!checked.ok) return checked;
  const pieces: Array<string | string[]> = [];
  let secret = false;
  let placeholders = 0;
  let missing = 0;
  for (const part of checked.parts) {
    if (part.kind !== "text") placeholders += 1;
    switch (part.kind) {
      case "text":
        pieces.push(part.text);
        break;
      case "user_config": {
        secret ||= getOwn(context.scope.fields, part.key)?.secret ?? false;
        const value = getOwn(context.values, part.key);
        if (value === undefined) missing += 1;
        pieces.push(Array.isArray(value) ? value.map(String) : String(value ?? ""));
        break;
      }
      case "access_token":
        if (!context.accessToken) return { ok: false, messages: ["no access token: authorize the installation first"] };
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
  const messages = values.flatMap((value) => checkRenderedValue(value, site));
  return messages.length > 0 ? { ok: false, messages: [...new Set(messages)] } : { ok: true, values, secret };
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
