import type { PathSegment } from "../../errors/format-path.ts";
import type { UserConfigField, UserConfigType } from "../../schema/user-config-field.ts";
import { parseUserConfigValue } from "../../schema/user-config-value.ts";
import type { ImportNotes } from "../import-notes.ts";
import { toSettingKey } from "../naming.ts";
import { getOwn } from "../../util/get-own.ts";
import type { RegistryInput, RegistryKeyValueInput } from "./registry-schema.ts";
import { findSecretSpans, isSecretName, replaceSpans } from "../secrets/detect-secrets.ts";

/** Any registry input; arguments, env vars and headers add `variables` (and names) to it. */
type VariableInput = RegistryInput & { variables?: Readonly<Record<string, RegistryInput>> };

const FORMAT_TYPES: Readonly<Record<NonNullable<RegistryInput["format"]>, UserConfigType>> = {
  string: "string",
  number: "number",
  boolean: "boolean",
  filepath: "file",
};

/**
 * Turns registry inputs into settings: an input without a fixed `value` becomes a setting the
 * member fills in, and `{name}` in a fixed value becomes `${user_config.name}` when `variables`
 * defines it (undefined names stay literal, as the registry schema specifies).
 */
export class RegistrySettings {
  readonly fields: Record<string, UserConfigField> = {};
  readonly #notes: ImportNotes;
  readonly #pinned = new Map<string, string>();

  constructor(notes: ImportNotes) {
    this.#notes = notes;
  }

  /**
   * Fixes a value instead of offering it as a setting: a local HTTP server's port is in the
   * catalog entry (`server.http.port`), so a member must not be able to change it.
   */
  pin(name: string, value: string): void {
    this.#pinned.set(toSettingKey(name), value);
  }

  /** Adds the setting once per key (an env var and a URL variable of one name share it). */
  /**
   * Adds the setting once per key (an env var and a URL variable of one name share it). `secretBy`
   * names what makes an input without `isSecret` a secret anyway (its own or its env var's name).
   */
  placeholderFor(
    name: string,
    input: RegistryInput,
    path: readonly PathSegment[],
    multiple = false,
    secretBy: string = name,
  ): string {
    const key = toSettingKey(name);
    const pinned = this.#pinned.get(key);
    if (pinned !== undefined) {
      this.#keepMetadata(input, path);
      return pinned;
    }
    this.fields[key] ??= this.#toField(
      this.#inferSecret(input, secretBy, path),
      name.replace(/^-+/, ""),
      multiple,
      path,
    );
    return `\${user_config.${key}}`;
  }

  fill(value: string, variables: VariableInput["variables"], path: readonly PathSegment[], secretBy?: string): string {
    return value.replaceAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, name: string) => {
      const variable = variables && getOwn(variables, name);
      return variable
        ? this.placeholderFor(name, variable, [...path, "variables", name], false, secretBy ?? name)
        : match;
    });
  }

  /** An environment variable or header: the publisher's fixed value, or a setting named after it. */
  valueFor(input: RegistryKeyValueInput, path: readonly PathSegment[]): string {
    return input.value === undefined
      ? this.placeholderFor(input.name, input, path)
      : this.fixed(input, input.value, path, input.name);
  }

  /**
   * A publisher-fixed value; what describes it (for a form) has no setting to go on, so it is kept.
   * Credentials written into it (a token in a fixed header) become secret settings instead.
   */
  fixed(input: VariableInput, value: string, path: readonly PathSegment[], name?: string): string {
    this.#keepMetadata(input, path);
    const filled = this.fill(value, input.variables, path, name);
    const spans = findSecretSpans(filled, name);
    return replaceSpans(filled, spans, (span) => {
      const settingName = span.name ?? name ?? "secret";
      this.#notes.warn([...path, "value"], `treated as a credential ${span.reason}: not imported; it became the secret setting ${toSettingKey(settingName)}`); // prettier-ignore
      return this.placeholderFor(settingName, { isSecret: true, isRequired: true, ...(input.description && { description: input.description }) }, path); // prettier-ignore
    });
  }

  #inferSecret(input: RegistryInput, secretBy: string, path: readonly PathSegment[]): RegistryInput {
    if (input.isSecret === true || !isSecretName(secretBy)) return input;
    this.#notes.warn(path, `treated ${secretBy} as a secret by its name (no isSecret): a secret setting, entered per connector`); // prettier-ignore
    return { ...input, isSecret: true };
  }

  #keepMetadata(input: VariableInput, path: readonly PathSegment[]): void {
    const structural = new Set(["value", "variables", "name", "type"]);
    for (const field of Object.keys(input)) {
      if (!structural.has(field)) this.#notes.keep([...path, field], "describes a fixed value");
    }
  }

  #toField(input: RegistryInput, title: string, multiple: boolean, path: readonly PathSegment[]): UserConfigField {
    // Choices are offered as text whatever the format: the value reaches the server as text anyway.
    const type = input.choices ? "string" : FORMAT_TYPES[input.format ?? "string"];
    const field: UserConfigField = {
      type,
      title,
      description: input.description ?? "",
      required: input.isRequired ?? false,
      secret: input.isSecret ?? false,
      multiple,
      ...(input.choices && { enum: input.choices }),
      ...(input.placeholder && { placeholder: input.placeholder }),
    };
    if (input.default === undefined) return field;
    if (field.secret) {
      this.#notes.keep([...path, "default"], "secret settings take no default");
      return field;
    }
    const parsed = parseUserConfigValue(field, input.default);
    return { ...field, default: parsed.ok ? parsed.value : input.default };
  }
}
