import { CatalogImportError } from "../../errors/catalog-error.ts";
import { formatPath } from "../../errors/format-path.ts";
import type { PathSegment } from "../../errors/format-path.ts";
import type { UserConfigField } from "../../schema/user-config-field.ts";
import { isFillInPlaceholder } from "../fill-in-placeholder.ts";
import { SECRET_ARGUMENT } from "../import-notes.ts";
import type { ImportNotes } from "../import-notes.ts";
import { toSettingKey } from "../naming.ts";
import { findArgumentSecrets, findSecretSpans, isSecretName, replaceSpans } from "../secrets/detect-secrets.ts";
import type { SecretSpan } from "../secrets/detect-secrets.ts";

/** VS Code's `inputs`: `${input:id}` prompts, `password: true` for secrets. */
export interface ClientInput {
  id: string;
  description?: string;
  password?: boolean;
  default?: string;
  /** A `pickString` input's choices. */
  options?: string[];
}

/** What a document says about a setting besides its name. */
interface SettingDetails {
  /** `${NAME:-default}` or an input's default. */
  fallback?: string | undefined;
  description?: string | undefined;
  choices?: string[] | undefined;
  /** The fill-in text the document had where the value goes, shown as the field's placeholder. */
  hint?: string | undefined;
}

/**
 * Client configs hold literal values and their own variable syntaxes: `${env:NAME}` (Cursor),
 * `${input:id}` (VS Code), `${NAME}` / `${NAME:-default}` (Claude Code, MCPHub). Each variable
 * becomes a setting, and so does every credential found in a literal (by its name, its shape or
 * the flag before it): the catalog is readable by every member, so secrets are entered per
 * connector instead of imported, and each such inference is noted for the import preview.
 */
export class ClientSettings {
  readonly fields: Record<string, UserConfigField> = {};
  readonly #notes: ImportNotes;
  readonly #inputs: ReadonlyMap<string, ClientInput>;
  readonly #known = new Set<string>();

  constructor(notes: ImportNotes, inputs: readonly ClientInput[] = []) {
    this.#notes = notes;
    this.#inputs = new Map(inputs.map((input) => [input.id, input]));
  }

  /**
   * Learns the credentials of a whole server first, so that the same text is a secret wherever
   * else it appears (a password both in a URL argument and in an env var of another name).
   */
  learnSecrets(named: Readonly<Record<string, string>>, args: readonly string[]): void {
    const found = [
      ...Object.entries(named).flatMap(([name, value]) => findSecretSpans(value, name).map((span) => value.slice(span.start, span.end))), // prettier-ignore
      ...[...findArgumentSecrets(args)].flatMap(([index, spans]) => spans.map((span) => (args[index] ?? "").slice(span.start, span.end))), // prettier-ignore
    ];
    for (const text of found) if (text.length >= 6) this.#known.add(text);
  }

  /** A value whose name tells what it is (env var, header). */
  convertNamed(name: string, value: string, path: readonly PathSegment[]): string {
    const spans = this.#withKnown(value, findSecretSpans(value, name));
    if (spans.length === 0 && isFillInPlaceholder(value)) {
      this.#notes.warn(path, `a placeholder to fill in (${JSON.stringify(value)}): it became the setting ${toSettingKey(name)}`); // prettier-ignore
      return this.#placeholder(name, false, { hint: value });
    }
    return this.#convert(value, spans, path, name);
  }

  /** Adds spans for every occurrence of an already-known credential that no span covers yet. */
  #withKnown(value: string, spans: readonly SecretSpan[]): SecretSpan[] {
    const all = [...spans];
    for (const text of this.#known) {
      for (let at = value.indexOf(text); at !== -1; at = value.indexOf(text, at + text.length)) {
        const end = at + text.length;
        if (all.some((span) => span.start < end && at < span.end)) continue;
        all.push({ start: at, end, reason: "by its value (the same text as a credential elsewhere in this server)" });
      }
    }
    return all.sort((a, b) => a.start - b.start);
  }

  /**
   * URLs take no secret settings (they end up in logs), so a credential in one is refused with its
   * place; variables (`https://${TENANT}.example.com`) become settings.
   */
  convertUrl(url: string, path: readonly PathSegment[]): string {
    const [span] = findSecretSpans(url);
    if (span === undefined) return this.#convertVariables(url);
    throw new CatalogImportError("Invalid mcpServers config", [
      {
        path: formatPath(path),
        message: `a credential in the URL (${span.reason}): Switchboard keeps secrets out of URLs, which end up in logs; pass it in a header instead`,
      },
    ]);
  }

  /**
   * Command-line arguments: a credential shows by its shape or by the flag before it. `reachArgv`
   * is false for `docker run` flags, whose `-e NAME=value` become env vars of the container.
   */
  convertArguments(args: readonly string[], path: readonly PathSegment[], reachArgv = true): string[] {
    const secrets = findArgumentSecrets(args);
    for (const index of reachArgv ? secrets.keys() : []) {
      this.#notes.warn([...path, index], SECRET_ARGUMENT);
    }
    return args.map((arg, index) => this.#convert(arg, this.#withKnown(arg, secrets.get(index) ?? []), [...path, index], `argument_${index + 1}`)); // prettier-ignore
  }

  #convert(value: string, spans: readonly SecretSpan[], path: readonly PathSegment[], fallbackName: string): string {
    const withSettings = replaceSpans(value, spans, (span) => {
      const name = span.name ?? fallbackName;
      this.#notes.warn(path, `treated as a credential ${span.reason}: not imported; it became the secret setting ${toSettingKey(name)}`); // prettier-ignore
      return this.#placeholder(name, true);
    });
    return this.#convertVariables(withSettings);
  }

  #convertVariables(value: string): string {
    return value.replaceAll(
      /\$\{(env:|input:)?([A-Za-z_][A-Za-z0-9_.-]*)(?::-([^}]*))?\}/g,
      (match, kind: string | undefined, name: string, fallback?: string) => {
        if (kind === undefined && name.startsWith("user_config.")) return match;
        const input = kind === "input:" ? this.#inputs.get(name) : undefined;
        const secret = input?.password ?? isSecretName(name);
        return this.#placeholder(name, secret, {
          fallback: fallback ?? input?.default,
          description: input?.description,
          choices: input?.options,
        });
      },
    );
  }

  #placeholder(name: string, secret: boolean, field: SettingDetails = {}): string {
    const { fallback, description = "", choices, hint } = field;
    const key = toSettingKey(name);
    this.fields[key] ??= {
      type: "string",
      title: name,
      description,
      required: fallback === undefined,
      secret,
      multiple: false,
      ...(fallback && !secret && { default: fallback }),
      ...(choices && choices.length > 0 && !secret && { enum: choices }),
      ...(hint && hint.length <= 200 && { placeholder: hint }),
    };
    return `\${user_config.${key}}`;
  }
}
