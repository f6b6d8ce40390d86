import { z } from "zod";
import { AppError } from "./errors.ts";

/** Ids in URLs and action arguments: every table keys its rows by UUID. */
export const idSchema = z.uuid({ error: "Unknown id." });

/**
 * Parses what arrives from outside (server action arguments, route params, query strings): types on
 * a server action are compile-time only, a client can send anything. A mismatch is an invalid_input
 * AppError naming each field, so forms, buttons and the API show it like any other bad input.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ field: nameField(issue.path), message: issue.message }));
  throw new AppError(
    "invalid_input",
    `Invalid request: ${issues.map(({ field, message }) => (field ? `${field}: ${message}` : message)).join("; ")}`,
    Object.fromEntries(issues.filter(({ field }) => field).map(({ field, message }) => [field, message])),
  );
}

/** Named fields (`page`, `params.id`); positional action arguments are named by their message alone. */
function nameField(path: readonly PropertyKey[]): string {
  return path.filter((segment) => typeof segment === "string").join(".");
}

/** The arguments React passes a form action: the previous state (unused here) and the form. */
export const formActionArgs = z.tuple([z.unknown(), z.instanceof(FormData, { error: "Expected a form." })]);
