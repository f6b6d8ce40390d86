import { z } from "zod";
import { parseUserConfigValue } from "./user-config-value.ts";

export const USER_CONFIG_TYPES = ["string", "number", "boolean", "directory", "file"] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const userConfigFieldObject = z.strictObject({
  type: z.enum(USER_CONFIG_TYPES),
  title: z.string().min(1).max(200),
  description: z.string().max(2000).default(""),
  required: z.boolean().default(false),
  /** Write-only in forms, encrypted at rest, never logged. */
  secret: z.boolean().default(false),
  /** A list of values; in args each value becomes its own argument. */
  multiple: z.boolean().default(false),
  default: z.union([scalar, z.array(scalar)]).optional(),
  enum: z.array(z.string().min(1)).min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  placeholder: z.string().max(200).optional(),
});

export type UserConfigField = z.output<typeof userConfigFieldObject>;
export type UserConfigType = UserConfigField["type"];

export const userConfigFieldSchema = userConfigFieldObject.superRefine((field, ctx) => {
  const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (field.enum && field.type !== "string") problem("enum", "only string settings can have choices");
  if ((field.min !== undefined || field.max !== undefined) && field.type !== "number") {
    problem(field.min !== undefined ? "min" : "max", "only number settings can have min and max");
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
    problem("min", "expected min <= max");
  }
  if (field.multiple && field.type === "boolean") problem("multiple", "a boolean setting cannot take several values");
  if (field.default === undefined) return;
  if (field.secret) problem("default", "a secret setting cannot have a default: defaults are visible to every member");
  const parsed = parseUserConfigValue(field, field.default);
  if (!parsed.ok) problem("default", parsed.message);
});
