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

/** Clients' names for the directory an extension or plugin is installed in, and whose each is. */
const OWN_DIRECTORIES = {
  extensionPath: "the Gemini CLI extension's own directory",
  CLAUDE_PLUGIN_ROOT: "the Claude Code plugin's own directory",
} as const;

const OWN_DIRECTORY = /\$\{(extensionPath|CLAUDE_PLUGIN_ROOT)\}/g;

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
export interface SettingDetails {
  /** `${NAME:-default}` or an input's default. */
  fallback?: string | undefined;
  description?: string | undefined;
  choices?: string[] | undefined;
  /** The fill-in text the document had where the value goes, shown as the field's placeholder. */
  hint?: string | undefined;
  /** A title the source gives the variable; otherwise its name. */
  title?: string | undefined;
}

/**
 * Client configs hold literal values and their own variable syntaxes: `${env:NAME}` (Cursor),
 * `${input:id}` (VS Code), `${NAME}` / `${NAME:-default}` (Claude Code, MCPHub), `{env:NAME}`
 * (Opencode), `${{ secrets.NAME }}` / `${{ inputs.NAME }}` (Continue), `{{NAME}}` (LibreChat's
 * custom user variables) and a whole value `$NAME` (Gemini CLI). Each variable becomes a setting,
 * and so does every credential found in a literal (by its name, its shape or the flag before it):
 * the catalog is readable by every member, so secrets are entered per connector instead of
 * imported, and each such inference is noted for the import preview.
 */
export class ClientSettings {
  readonly fields: Record<string, UserConfigField> = {};
  readonly #notes: ImportNotes;
  readonly #inputs: ReadonlyMap<string, ClientInput>;
  readonly #known = new Set<string>();
  readonly #secretVariables = new Set<string>();
  readonly #details = new Map<string, SettingDetails>();

  constructor(notes: ImportNotes, inputs: readonly ClientInput[] = []) {
    this.#notes = notes;
    this.#inputs = new Map(inputs.map((input) => [input.id, input]));
  }

  /** Variables the source says hold secrets (Goose's env_keys, Codex's bearer_token_env_var). */
  markSecretVariable(name: string): void {
    this.#secretVariables.add(name);
  }

  /** What the source says about a variable (LibreChat's customUserVars title and description). */
  describeVariable(name: string, details: SettingDetails): void {
    this.#details.set(name, details);
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
    const command = /^\s*\$\((.*)\)\s*$/s.exec(value)?.[1];
    if (command !== undefined) return this.#convertShellCommand(name, command, path);
    // Environment variables by convention (upper case): `$uperS3cret` is a password, not a variable.
    const bare = /^\$([A-Z_][A-Z0-9_]*)$/.exec(value.trim())?.[1];
    if (bare !== undefined) {
      this.#notes.warn(path, `$${bare} (Gemini CLI's spelling of \${${bare}}): it became the setting ${toSettingKey(bare)}`); // prettier-ignore
      return this.#placeholder(bare, isSecretName(name) || this.#isSecretVariable(bare));
    }
    const spans = this.#withKnown(value, findSecretSpans(value, name));
    if (spans.length === 0 && isFillInPlaceholder(value)) {
      this.#notes.warn(path, `a placeholder to fill in (${JSON.stringify(value)}): it became the setting ${toSettingKey(name)}`); // prettier-ignore
      return this.#placeholder(name, false, { hint: value });
    }
    // A variable in an Authorization header or an API_KEY env var is a credential whatever its own name.
    return this.#convert(value, spans, path, name, isSecretName(name));
  }

  /**
   * Crush expands a value written as a shell command, `$(echo Bearer $TOKEN)`: an echo of words
   * and variables is read as the text it prints; any other command's output is nothing an import
   * can know, so it becomes a secret setting (such commands print tokens: `$(gh auth token)`).
   */
  #convertShellCommand(name: string, command: string, path: readonly PathSegment[]): string {
    // Each part starts with a character the others cannot: linear on any input.
    const words = /^echo\s((?:[^`$(){}<>|&;\\'"]|\$(?:\{[A-Za-z_]\w*\}|[A-Za-z_]\w*(?!\w)))*)$/.exec(command.trim())?.[1]; // prettier-ignore
    if (words === undefined) {
      this.#notes.warn(path, `the output of a shell command (Crush's $(…)), which no container runs: it became the secret setting ${toSettingKey(name)}`); // prettier-ignore
      return this.#placeholder(name, true);
    }
    this.#notes.warn(path, "Crush's $(echo …): read as the text it prints");
    const printed = words
      .trim()
      .split(/\s+/)
      .join(" ")
      .replaceAll(/\$([A-Za-z_]\w*)/g, "${$1}");
    return this.convertNamed(name, printed, path);
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
    if (span === undefined) {
      const converted = this.#convertVariables(url);
      const secret = [...converted.matchAll(/\$\{user_config\.([a-z0-9_]+)\}/g)].find(([, key]) => this.fields[key ?? ""]?.secret); // prettier-ignore
      if (secret === undefined) return converted;
      throw new CatalogImportError("Invalid mcpServers config", [
        {
          path: formatPath(path),
          message: `the URL carries a secret (${this.fields[secret[1] ?? ""]?.title ?? ""}): Switchboard keeps secrets out of URLs, which end up in logs; pass it in a header instead`, // prettier-ignore
        },
      ]);
    }
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

  #convert(
    value: string,
    spans: readonly SecretSpan[],
    path: readonly PathSegment[],
    fallbackName: string,
    secretContext = false,
  ): string {
    const withSettings = replaceSpans(value, spans, (span) => {
      const name = span.name ?? fallbackName;
      this.#notes.warn(path, `treated as a credential ${span.reason}: not imported; it became the secret setting ${toSettingKey(name)}`); // prettier-ignore
      return this.#placeholder(name, true);
    });
    return this.#convertVariables(this.#readOwnDirectory(withSettings, path), secretContext);
  }

  /**
   * Gemini CLI's `${extensionPath}` and Claude Code's `${CLAUDE_PLUGIN_ROOT}` are the directory the
   * client installed the extension's files in: no member has a value for it, so it is no setting
   * but the directory of the server's files, as a bundle's `${__dirname}` is.
   */
  #readOwnDirectory(value: string, path: readonly PathSegment[]): string {
    const names = new Set<keyof typeof OWN_DIRECTORIES>();
    const read = value.replaceAll(OWN_DIRECTORY, (_match, name: keyof typeof OWN_DIRECTORIES) => {
      names.add(name);
      return "${__dirname}";
    });
    for (const name of names) {
      this.#notes.warn(path, `\${${name}} (${OWN_DIRECTORIES[name]}): read as the directory of the server's files, \${__dirname}`); // prettier-ignore
    }
    return read;
  }

  #isSecretVariable(name: string): boolean {
    return this.#secretVariables.has(name) || isSecretName(name);
  }

  #convertVariables(value: string, secretContext = false): string {
    // Gemini CLI's path separator: the container is Linux.
    return value
      .replaceAll(/\$\{(?:\/|pathSeparator)\}/g, "/")
      .replaceAll(
        /\$\{\{\s*(secrets|inputs)\.([A-Za-z_][\w.-]*)\s*\}\}|\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}|\{env:([A-Za-z_]\w*)\}|\$\{(env:|input:)?([A-Za-z_][A-Za-z0-9_.-]*)(?::-([^}]*))?\}/g,
        (
          match,
          scope?: string,
          scoped?: string,
          mustache?: string,
          opencode?: string,
          kind?: string,
          plain?: string,
          fallback?: string,
        ) => {
          // prettier-ignore
          if (kind === undefined && (plain?.startsWith("user_config.") || plain === "__dirname")) return match;
          const name = scoped ?? mustache ?? opencode ?? plain ?? "";
          const input = kind === "input:" ? this.#inputs.get(name) : undefined;
          const details = this.#details.get(name);
          const secret = scope === "secrets" || secretContext || (input?.password ?? this.#isSecretVariable(name));
          return this.#placeholder(name, secret, {
            fallback: fallback ?? input?.default,
            description: input?.description ?? details?.description,
            choices: input?.options,
            ...(details?.title !== undefined && { title: details.title }),
          });
        },
      );
  }

  #placeholder(name: string, secret: boolean, field: SettingDetails = {}): string {
    const { fallback, description = "", choices, hint, title = name } = field;
    const key = toSettingKey(name);
    this.fields[key] ??= {
      type: "string",
      title,
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
