import { describeIssue } from "../errors/catalog-error.ts";
import { formatIssues } from "../errors/format-issues.ts";
import { catalogEntrySchema } from "../schema/catalog-entry.ts";
import type { CatalogEntry } from "../schema/catalog-entry.ts";

/** Validates the shipped entries; any problem is a bug in this package, so it throws with every detail. */
export function loadBuiltinCatalog(files: readonly unknown[]): readonly CatalogEntry[] {
  const problems: string[] = [];
  const entries: CatalogEntry[] = [];
  const ids = new Set<string>();
  files.forEach((file, index) => {
    const result = catalogEntrySchema.safeParse(file, { reportInput: true });
    if (!result.success) {
      problems.push(...formatIssues(result.error.issues).map((issue) => `builtin[${index}] ${describeIssue(issue)}`));
      return;
    }
    const entry = result.data;
    if (entry.source !== "builtin") problems.push(`${entry.id}: source must be "builtin"`);
    if (ids.has(entry.id)) problems.push(`${entry.id}: duplicate id`);
    ids.add(entry.id);
    entries.push(Object.freeze(entry));
  });
  if (problems.length > 0) throw new Error(`Invalid built-in catalog:\n${problems.join("\n")}`);
  return Object.freeze(entries);
}
