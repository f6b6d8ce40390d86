import type { CatalogEntry } from "../schema/catalog-entry.ts";
import { isMissingValue, parseUserConfigValue } from "../schema/user-config-value.ts";
import type { UserConfigValue } from "../schema/user-config-value.ts";

/** Settings as submitted (a form post or stored values); checked against the entry's fields. */
export type UserConfigInput = Readonly<Record<string, unknown>>;

/** Only keys that have a value (given or default), typed per field. */
export type ResolvedUserConfig = Readonly<Record<string, UserConfigValue>>;

export type UserConfigValidation =
  { ok: true; values: ResolvedUserConfig } | { ok: false; fieldErrors: Readonly<Record<string, string>> };

/**
 * Checks settings for a connector: unknown keys, required fields, types, choices and ranges.
 * Missing values take the field's default. Messages never echo the value (it may be a secret).
 */
export function validateUserConfig(
  entry: Pick<CatalogEntry, "userConfig">,
  input: UserConfigInput,
): UserConfigValidation {
  const fieldErrors: Record<string, string> = {};
  const values: Record<string, UserConfigValue> = {};
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(entry.userConfig, key)) fieldErrors[key] = "not a setting of this connector";
  }
  for (const [key, field] of Object.entries(entry.userConfig)) {
    const given = Object.hasOwn(input, key) ? input[key] : undefined;
    const raw = isMissingValue(given) ? field.default : given;
    if (isMissingValue(raw)) {
      if (field.required) fieldErrors[key] = "required";
      continue;
    }
    const parsed = parseUserConfigValue(field, raw);
    if (parsed.ok) values[key] = parsed.value;
    else fieldErrors[key] = parsed.message;
  }
  return Object.keys(fieldErrors).length === 0 ? { ok: true, values } : { ok: false, fieldErrors };
}
