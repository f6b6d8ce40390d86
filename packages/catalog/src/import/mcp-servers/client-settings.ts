import { CatalogImportError } from "../../errors/catalog-error.ts";
import { formatPath } from "../../errors/format-path.ts";
import type { PathSegment } from "../../errors/format-path.ts";
import type { UserConfigField } from "../../schema/user-config-field.ts";
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
}

/**
 * Client configs hold literal values and their own variable syntaxes: `${env:NAME}` (Cursor),
 * `${input:id}` (VS Code), `${NAME}` / `${NAME:-default}` (Claude Code, MCPHub). Each variable
 * becomes a setting, and so does every credential found in a literal (by its name, its shape or
 * the flag before it): the catalog is readable by every member, so secrets are entered per
 * installation instead of imported, and each such inference is noted for the import preview.
 */
export class ClientSettings {
  readonly fields: Record<string, UserConfigField> = {};
  readonly #notes: ImportNotes;
  readonly #inputs: ReadonlyMap<string, ClientInput>;

  constructor(notes: ImportNotes, inputs: readonly ClientInput[] = []) {
    this.#notes = notes;
    this.#inputs = new Map(inputs.map((input) => [input.id, input]));
  }

  /** A value whose name tells what it is (env var, header). */
  convertNamed(name: string, value: string, path: readonly PathSegment[]): string {
    return this.#convert(value, findSecretSpans(value, name), path, name);
  }

  /** URLs take no secret settings (they end up in logs), so a credential in one is refused with its place. */
  checkUrl(url: string, path: readonly PathSegment[]): string {
    const [span] = findSecretSpans(url);
    if (span === undefined) return url;
    throw new CatalogImportError("Invalid mcpServers config", [
      {
        path: formatPath(path),
        message: `a credential in the URL (${span.reason}): Switchboard keeps secrets out of URLs, which end up in logs; pass it in a header instead`,
      },
    ]);
  }

  /** Command-line arguments: a credential shows by its shape or by the flag before it. */
  convertArguments(args: readonly string[], path: readonly PathSegment[]): string[] {
    const secrets = findArgumentSecrets(args);
    return args.map((arg, index) => this.#convert(arg, secrets.get(index) ?? [], [...path, index], `argument_${index + 1}`)); // prettier-ignore
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
        return this.#placeholder(name, secret, fallback ?? input?.default, input?.description);
      },
    );
  }

  #placeholder(name: string, secret: boolean, fallback?: string, description = ""): string {
    const key = toSettingKey(name);
    this.fields[key] ??= {
      type: "string",
      title: name,
      description,
      required: fallback === undefined,
      secret,
      multiple: false,
      ...(fallback && !secret && { default: fallback }),
    };
    return `\${user_config.${key}}`;
  }
}
