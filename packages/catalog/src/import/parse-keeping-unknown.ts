import type { z } from "zod";
import { CatalogImportError } from "../errors/catalog-error.ts";
import { formatIssues } from "../errors/format-issues.ts";
import type { PathSegment } from "../errors/format-path.ts";
import { readPath } from "../util/read-path.ts";
import type { ImportNotes } from "./import-notes.ts";
import { FORMAT_LABELS } from "./import-result.ts";

/**
 * Parses a source document with a strict schema, moving every field the schema does not know into
 * `notes` (with its path) instead of failing or dropping it. Strict schemas report unknown keys as
 * issues; those keys are cut from a copy of the input and the parse repeats until only real
 * problems remain.
 */
export function parseKeepingUnknown<T extends z.ZodType>(schema: T, input: unknown, notes: ImportNotes): z.output<T> {
  const copy: unknown = structuredClone(input);
  for (;;) {
    const result = schema.safeParse(copy, { reportInput: true });
    if (result.success) return result.data;
    const unknown = result.error.issues.filter((issue) => issue.code === "unrecognized_keys");
    if (unknown.length === 0) {
      throw new CatalogImportError(`Invalid ${FORMAT_LABELS[notes.format]}`, formatIssues(result.error.issues));
    }
    for (const issue of unknown) {
      const parent = readPath(copy, issue.path) as Record<string, unknown>;
      for (const key of issue.keys) {
        notes.keep([...(issue.path as PathSegment[]), key]);
        delete parent[key];
      }
    }
  }
}
