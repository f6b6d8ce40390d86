/**
 * Decides which configuration values are credentials, so importers turn them into secret settings
 * instead of catalog text every member can read. Three signals: the name a value is stored under
 * (env var, header, JSON key, `--flag`), the value's shape (well-known token prefixes, `Bearer …`,
 * a password in a URL, a JWT) and, for arguments, the flag before it.
 */

/** A credential inside a value: `value.slice(start, end)` is the secret text. */
export interface SecretSpan {
  start: number;
  end: number;
  /** What the secret setting is named after (the env var, JSON key or flag), when known. */
  name?: string;
  /** For the import note: "by its name", "by its value (a Bearer token)", ... */
  reason: string;
}

const SECRET_WORDS = new Set([
  ...["secret", "secrets", "password", "passwd", "pwd", "passphrase", "credential", "credentials"],
  ...["cookie", "cookies", "bearer", "apikey", "authorization", "authtoken", "accesstoken", "privatekey"],
]);
/** Words that end a name of something about a credential rather than the credential itself. */
const NOT_A_VALUE = new Set([
  ...["path", "file", "dir", "directory", "folder", "url", "uri", "endpoint", "host", "type", "name", "id"],
  ...["limit", "limits", "count", "max", "min", "size", "length", "ttl", "expiry", "expires", "expiration"],
  ...["header", "env", "var", "mode", "enabled", "disabled", "enable", "disable", "scope", "scopes", "field"],
  ...["format", "prefix", "suffix", "location", "command", "cmd", "provider", "method", "hint", "source"],
  ...["required", "budget", "usage", "encoding", "version", "kind", "label", "region", "username", "user"],
]);
/** `PUBLIC_KEY`, `SORT_KEY`, ... are not secrets although they end in "key". */
const NOT_SECRET_KEYS = new Set(["public", "sort", "partition", "cache", "primary", "foreign", "map", "hotkey"]);
const COUNTING_WORDS = new Set(["max", "min", "num", "limit", "count", "budget", "total", "usage"]);

/** `PAGERDUTY_USER_API_KEY` -> pagerduty user api key; `accessToken` -> access token; `X-Api-Key` alike. */
function toWords(name: string): string[] {
  return name
    .replaceAll(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True for names of credentials: `DT_PLATFORM_TOKEN`, `OAUTH_CLIENT_SECRET`, `--api-key`, `Authorization`. */
export function isSecretName(name: string): boolean {
  const words = toWords(name);
  const last = words.at(-1);
  if (last === undefined || NOT_A_VALUE.has(last)) return false;
  if (words.some((word) => SECRET_WORDS.has(word))) return true;
  if (words.includes("token")) return !words.some((word) => COUNTING_WORDS.has(word));
  if (last === "key") return !NOT_SECRET_KEYS.has(words.at(-2) ?? "") && words.length > 1;
  return last === "pat" || last === "pass" || (last === "auth" && words.length > 1);
}

/** Well-known credential formats; each needs a long random tail so words and paths do not match. */
const TOKEN_SHAPES: ReadonlyArray<[RegExp, string]> = [
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g, "a GitHub token"],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, "a GitHub token"],
  [/\bglpat-[A-Za-z0-9_-]{16,}/g, "a GitLab token"],
  [/\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}/g, "a Stripe key"],
  [/\bsk-(?:proj-|ant-|or-)?[A-Za-z0-9_-]{20,}/g, "an API key (sk-…)"],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, "a Slack token"],
  [/\b(?:ntn|secret)_[A-Za-z0-9]{20,}/g, "a Notion token"],
  [/\b(?:hf|gsk|pcsk|shpat|shpss|dckr_pat|npm|dop_v1|lin_api)_[A-Za-z0-9_]{16,}/g, "an API token"],
  [/\b(?:pplx|tvly|xai)-[A-Za-z0-9]{16,}/g, "an API key"],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, "an AWS access key"],
  [/\bAIza[0-9A-Za-z_-]{30,}/g, "a Google API key"],
  [/\bya29\.[0-9A-Za-z_-]{20,}/g, "a Google access token"],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{8,}/g, "a JWT"],
  [/\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,}/g, "a Terraform Cloud token"],
];

/** Parts of a value that are credentials by shape, wherever they appear in it. */
/** Cheap pre-check: the prefixes of TOKEN_SHAPES, so most values skip the per-shape scans. */
const TOKEN_PREFIX =
  /gh[pousr]_|github_pat_|glpat-|_(?:live|test)_|sk-|xox|ntn_|secret_|_[A-Za-z0-9]{16}|-[A-Za-z0-9]{16}|AKIA|ASIA|AIza|ya29\.|eyJ|atlasv1/;

function findShapedSecrets(value: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const shapes = TOKEN_PREFIX.test(value) ? TOKEN_SHAPES : [];
  for (const [pattern, what] of shapes) {
    for (const match of value.matchAll(pattern)) {
      spans.push({ start: match.index, end: match.index + match[0].length, reason: `by its value (${what})` });
    }
  }
  for (const match of value.matchAll(/\b(Bearer|Basic|Token)\s+([A-Za-z0-9._~+/=-]{8,})/g)) {
    const start = match.index + match[0].length - (match[2]?.length ?? 0);
    spans.push({ start, end: match.index + match[0].length, reason: `by its value (a ${match[1]} credential)` });
  }
  for (const match of value.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:([^/\s@]+)@/gi)) {
    const end = match.index + match[0].length - 1;
    spans.push({ start: end - (match[1]?.length ?? 0), end, reason: "by its value (a password in a URL)" });
  }
  for (const match of value.matchAll(/[?&]([A-Za-z_-]*(?:key|token|secret|password|auth)[A-Za-z_-]*)=([^&#\s"']+)/gi)) {
    if (!isSecretName(match[1] ?? "")) continue;
    const end = match.index + match[0].length;
    const name = match[1];
    spans.push({ start: end - (match[2]?.length ?? 0), end, ...(name && { name }), reason: `by its name (${name})` });
  }
  if (/^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])[A-Za-z0-9+/_=-]{32,}$/.test(value)) {
    spans.push({ start: 0, end: value.length, reason: "by its value (a long random string)" });
  }
  return spans;
}

/** `{"Authorization": "Bearer ntn_…"}` in an env var (Notion's OPENAPI_MCP_HEADERS): secret-named keys. */
function findJsonSecrets(value: string): SecretSpan[] {
  const trimmed = value.trim();
  if (!trimmed.startsWith("{")) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return [];
  }
  const spans: SecretSpan[] = [];
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    for (const [key, child] of Object.entries(node)) {
      if (typeof child !== "string") {
        visit(child);
        continue;
      }
      if (!isSecretName(key) || child === "" || child.includes("${")) continue;
      const secret = child.replace(/^(?:Bearer|Basic|Token)\s+/i, "");
      const start = value.indexOf(JSON.stringify(secret).slice(1, -1));
      if (start === -1 || secret.length === 0) continue;
      spans.push({ start, end: start + JSON.stringify(secret).length - 2, name: key, reason: `by its name (${key})` });
    }
  };
  visit(parsed);
  return spans;
}

/** Ranges of placeholders (`${…}`, `{env:…}`, `{{…}}`, a whole upper-case `$NAME`): references to settings or variables, never credentials themselves. */
function findPlaceholders(value: string): Array<[number, number]> {
  const spelled = /\$\{\{[^}]*\}\}|\{\{[^}]*\}\}|\$\{[^}]*\}|\{(?:env:)?[A-Za-z_][A-Za-z0-9_]*\}|^\$[A-Z_][A-Z0-9_]*$/g;
  return [...value.matchAll(spelled)].map((match) => [match.index, match.index + match[0].length]);
}

/**
 * Credentials in `value`, stored under `name` (env var, header, JSON key or flag; "" when unnamed).
 * A secret-named literal is a credential as a whole (less an auth scheme such as `Bearer `);
 * otherwise only the parts whose shape gives them away. Spans never overlap and skip placeholders.
 */
export function findSecretSpans(value: string, name = ""): SecretSpan[] {
  if (value.trim() === "") return [];
  const placeholders = findPlaceholders(value);
  // A credential is never a flag value or a small number, whatever its name says.
  const trivial = /^(?:true|false|yes|no|on|off|null|none|\d{1,6})$/i.test(value.trim());
  if (isSecretName(name) && placeholders.length === 0 && !trivial) {
    const scheme = /^(?:Bearer|Basic|Token)\s+/i.exec(value)?.[0].length ?? 0;
    if (scheme < value.length) return [{ start: scheme, end: value.length, name, reason: `by its name (${name})` }];
  }
  const candidates = [...findJsonSecrets(value), ...findShapedSecrets(value)].sort(
    (a, b) => a.start - b.start || b.end - a.end,
  );
  const spans: SecretSpan[] = [];
  for (const span of candidates) {
    const overlaps = (start: number, end: number) => span.start < end && start < span.end;
    if (spans.some((kept) => overlaps(kept.start, kept.end))) continue;
    if (placeholders.some(([start, end]) => overlaps(start, end))) continue;
    spans.push(span);
  }
  return spans;
}

/** True when any part of the value, stored under `name`, is a credential. */
export function looksSecret(name: string, value = ""): boolean {
  return findSecretSpans(value, name).length > 0 || (value === "" && isSecretName(name));
}

/** Replaces each span with what `placeholderFor` returns (a `${user_config.key}` reference). */
export function replaceSpans(
  value: string,
  spans: readonly SecretSpan[],
  placeholderFor: (span: SecretSpan) => string,
) {
  let result = "";
  let index = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    result += value.slice(index, span.start) + placeholderFor(span);
    index = span.end;
  }
  return result + value.slice(index);
}

/** `--api-key` / `--access-token=…`: a flag whose name says its value is a credential. */
function secretFlagName(arg: string): string | undefined {
  const match = /^--?([A-Za-z][A-Za-z0-9_-]*)$/.exec(arg.split("=", 1)[0] ?? "");
  return match?.[1] !== undefined && isSecretName(match[1]) ? match[1] : undefined;
}

/**
 * Credentials among command-line arguments, by index: `--token=value`, `--token value`,
 * `NAME=value` pairs (docker -e) with a secret-looking NAME, and values shaped like tokens.
 */
export function findArgumentSecrets(args: readonly string[]): Map<number, SecretSpan[]> {
  const found = new Map<number, SecretSpan[]>();
  args.forEach((arg, index) => {
    const previousFlag = index > 0 ? secretFlagName(args[index - 1] ?? "") : undefined;
    const previous = args[index - 1] ?? "";
    const spans = (() => {
      if (previousFlag && !previous.includes("=") && !arg.startsWith("-")) {
        return findSecretSpans(arg, previousFlag).map((span) => ({ ...span, reason: `by its position (after --${previousFlag})` })); // prettier-ignore
      }
      const flag = secretFlagName(arg);
      const pair = /^(--?[A-Za-z][A-Za-z0-9_-]*=|[A-Za-z_][A-Za-z0-9_]*=)/.exec(arg)?.[0];
      if (pair !== undefined && (flag !== undefined || !pair.startsWith("-"))) {
        const key = flag ?? pair.slice(0, -1);
        const spans = findSecretSpans(arg.slice(pair.length), key);
        return spans.map((span) => ({ ...span, start: span.start + pair.length, end: span.end + pair.length }));
      }
      return findSecretSpans(arg);
    })();
    if (spans.length > 0) found.set(index, spans);
  });
  return found;
}

/** Prose fields: an example credential in a description is documentation, not a secret. */
const PROSE_KEYS = new Set(["description", "title", "instructions", "readme", "display_name", "name"]);

/**
 * A copy of a JSON value with every credential (by its key's name or its shape) replaced by
 * `[redacted]`, for source fields kept verbatim in an entry's extensions (client configs scraped
 * into Archestra's `client_config_permutations`, for one, hold real-looking keys).
 */
export function redactSecrets(value: unknown, key = ""): { value: unknown; redacted: boolean } {
  if (typeof value === "string") {
    const spans = PROSE_KEYS.has(key) ? [] : findSecretSpans(value, key);
    return spans.length === 0 ? { value, redacted: false } : { value: replaceSpans(value, spans, () => "[redacted]"), redacted: true }; // prettier-ignore
  }
  if (Array.isArray(value)) {
    const strings = value.every((item) => typeof item === "string") ? findArgumentSecrets(value as string[]) : new Map<number, SecretSpan[]>(); // prettier-ignore
    let redacted = false;
    const items = value.map((item, index) => {
      const spans = strings.get(index);
      if (spans) {
        redacted = true;
        return replaceSpans(item as string, spans, () => "[redacted]");
      }
      const result = redactSecrets(item, key);
      redacted ||= result.redacted;
      return result.value;
    });
    return { value: items, redacted };
  }
  if (typeof value !== "object" || value === null) return { value, redacted: false };
  let redacted = false;
  const entries = Object.entries(value).map(([name, child]) => {
    const result = redactSecrets(child, name);
    redacted ||= result.redacted;
    return [name, result.value] as const;
  });
  return { value: Object.fromEntries(entries), redacted };
}
