import type { core } from "zod";
import type { CatalogIssue } from "./catalog-error.ts";
import { formatPath } from "./format-path.ts";
import type { PathSegment } from "./format-path.ts";

/**
 * Turns zod issues into `server.command: expected string, got number` style issues. Parse with
 * `{ reportInput: true }` so the received value can be named; schemas give their own message for
 * regex and refinement checks ("expected a lowercase slug ..."), which is used as is.
 */
export function formatIssues(issues: readonly core.$ZodIssue[], prefix: readonly PathSegment[] = []): CatalogIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: formatPath([...path, key]), message: "unknown field" }));
    }
    if (issue.code === "invalid_key") {
      const reasons = issue.issues.map(describeZodIssue).join("; ");
      return [{ path: formatPath(path), message: `invalid key: ${reasons}` }];
    }
    return [{ path: formatPath(path), message: describeZodIssue(issue) }];
  });
}

function describeZodIssue(issue: core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? `required: expected ${issue.expected}`
        : `expected ${issue.expected}, got ${describeType(issue.input)}`;
    case "invalid_value":
      return `expected ${listValues(issue.values)}, got ${describeValue(issue.input)}`;
    case "invalid_union":
      if (issue.discriminator !== undefined && "options" in issue && issue.options) {
        return `expected ${issue.discriminator} to be ${listValues(issue.options)}`;
      }
      return `expected one of the allowed shapes, got ${describeType(issue.input)}`;
    case "too_small":
      return `expected ${describeBound(issue.origin, issue.minimum, issue.inclusive, "min")}`;
    case "too_big":
      return `expected ${describeBound(issue.origin, issue.maximum, issue.inclusive, "max")}`;
    case "invalid_format":
    case "custom":
      return typeof issue.input === "string" ? `${issue.message}, got ${describeValue(issue.input)}` : issue.message;
    case "not_multiple_of":
      return `expected a multiple of ${issue.divisor}`;
    default:
      return issue.message;
  }
}

function describeBound(
  origin: string,
  limit: number | bigint,
  inclusive: boolean | undefined,
  side: "min" | "max",
): string {
  const exclusive = inclusive === false;
  if (origin === "string" || origin === "array") {
    const unit = origin === "string" ? "character" : "item";
    if (side === "min" && limit === 1 && !exclusive) {
      return origin === "string" ? "a non-empty string" : "at least 1 item";
    }
    const word = side === "min" ? (exclusive ? "more than" : "at least") : exclusive ? "fewer than" : "at most";
    return `${word} ${limit} ${unit}${limit === 1 ? "" : "s"}`;
  }
  const operator = side === "min" ? (exclusive ? ">" : ">=") : exclusive ? "<" : "<=";
  return `a number ${operator} ${limit}`;
}

function listValues(values: readonly unknown[]): string {
  const shown = values.map(describeValue);
  if (shown.length === 1) return shown[0] ?? "";
  return `one of ${shown.join(", ")}`;
}

export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return describeType(value);
}
