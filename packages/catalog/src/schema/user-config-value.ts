import { describeType } from "../errors/format-issues.ts";
import { isAbsolutePath } from "./primitives.ts";
import type { UserConfigField } from "./user-config-field.ts";

export type UserConfigScalar = string | number | boolean;
export type UserConfigValue = UserConfigScalar | UserConfigScalar[];

export type ParsedValue = { ok: true; value: UserConfigValue } | { ok: false; message: string };

const MAX_STRING_LENGTH = 8192;
const MAX_ITEMS = 100;

/** A value counts as not given when it is absent, null, an empty string or an empty list. */
export function isMissingValue(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/**
 * Checks one value against its field and normalizes it. Numbers and booleans may arrive as the
 * strings an HTML form posts ("42", "true"); a multiple field takes a list or a single value.
 */
export function parseUserConfigValue(field: UserConfigField, raw: unknown): ParsedValue {
  if (!field.multiple) {
    if (Array.isArray(raw)) return { ok: false, message: "expected a single value, got a list" };
    return parseScalar(field, raw);
  }
  const items = Array.isArray(raw) ? raw : [raw];
  if (items.length > MAX_ITEMS) return { ok: false, message: `expected at most ${MAX_ITEMS} values` };
  const values: UserConfigScalar[] = [];
  for (const [index, item] of items.entries()) {
    const parsed = parseScalar(field, item);
    if (!parsed.ok) return { ok: false, message: `item ${index + 1}: ${parsed.message}` };
    values.push(parsed.value as UserConfigScalar);
  }
  return { ok: true, value: values };
}

function parseScalar(field: UserConfigField, raw: unknown): ParsedValue {
  switch (field.type) {
    case "string":
      return parseString(field, raw);
    case "number":
      return parseNumber(field, raw);
    case "boolean":
      if (typeof raw === "boolean") return { ok: true, value: raw };
      if (raw === "true" || raw === "false") return { ok: true, value: raw === "true" };
      return { ok: false, message: `expected true or false, got ${describeType(raw)}` };
    case "directory":
    case "file":
      if (typeof raw !== "string" || !isAbsolutePath(raw)) {
        return { ok: false, message: `expected an absolute ${field.type} path such as /data` };
      }
      return { ok: true, value: raw };
  }
}

function parseString(field: UserConfigField, raw: unknown): ParsedValue {
  if (typeof raw !== "string") return { ok: false, message: `expected a string, got ${describeType(raw)}` };
  if (raw.length > MAX_STRING_LENGTH) return { ok: false, message: `expected at most ${MAX_STRING_LENGTH} characters` };
  // NUL cannot be passed through argv or the environment.
  if (raw.includes("\0")) return { ok: false, message: "expected text without NUL characters" };
  if (field.enum && !field.enum.includes(raw)) {
    return { ok: false, message: `expected one of ${field.enum.map((choice) => JSON.stringify(choice)).join(", ")}` };
  }
  return { ok: true, value: raw };
}

function parseNumber(field: UserConfigField, raw: unknown): ParsedValue {
  const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return { ok: false, message: `expected a number, got ${describeType(raw)}` };
  }
  if (field.min !== undefined && value < field.min) return { ok: false, message: `expected a number >= ${field.min}` };
  if (field.max !== undefined && value > field.max) return { ok: false, message: `expected a number <= ${field.max}` };
  return { ok: true, value };
}
