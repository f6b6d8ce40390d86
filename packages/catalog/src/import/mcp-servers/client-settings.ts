import type { PathSegment } from "../../errors/format-path.ts";
import type { UserConfigField } from "../../schema/user-config-field.ts";
import type { ImportNotes } from "../import-notes.ts";
import { looksSecret, toSettingKey } from "../naming.ts";

/**
 * Client configs hold literal values and their own variable syntaxes: `${env:NAME}` (Cursor),
 * `${input:id}` (VS Code), `${NAME}` / `${NAME:-default}` (Claude Code, MCPHub). Each variable
 * becomes a setting, and so does a literal that looks like a credential: the catalog is readable
 * by every member, so secrets are entered per installation instead of imported.
 */
export class ClientSettings {
  readonly fields: Record<string, UserConfigField> = {};
  readonly #notes: ImportNotes;

  constructor(notes: ImportNotes) {
    this.#notes = notes;
  }

  /** A value whose name tells what it is (env var, header). */
  convertNamed(name: string, value: string, path: readonly PathSegment[]): string {
    return this.#convert(value, path, looksSecret(name, value), name);
  }

  /** A command-line argument: only its value can tell whether it is a credential. */
  convertArgument(value: string, index: number, path: readonly PathSegment[]): string {
    return this.#convert(value, path, looksSecret("", value), `argument_${index + 1}`);
  }

  #convert(value: string, path: readonly PathSegment[], credential: boolean, settingName: string): string {
    if (value.includes("${") || !credential) return this.#convertVariables(value);
    this.#notes.warn(path, "looks like a credential: not imported; it became a secret setting");
    return this.#placeholder(settingName, true);
  }

  #convertVariables(value: string): string {
    return value.replaceAll(
      /\$\{(?:env:|input:)?([A-Za-z_][A-Za-z0-9_.-]*)(?::-([^}]*))?\}/g,
      (_match, name: string, fallback?: string) => this.#placeholder(name, looksSecret(name), fallback),
    );
  }

  #placeholder(name: string, secret: boolean, fallback?: string): string {
    const key = toSettingKey(name);
    this.fields[key] ??= {
      type: "string",
      title: name,
      description: "",
      required: fallback === undefined,
      secret,
      multiple: false,
      ...(fallback && !secret && { default: fallback }),
    };
    return `\${user_config.${key}}`;
  }
}
