import { joinPaths } from "./format-path.ts";

/** One problem in catalog data: where (`server.args[2]`, empty for the whole document) and what was expected. */
export interface CatalogIssue {
  path: string;
  message: string;
}

export function describeIssue(issue: CatalogIssue): string {
  return issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`;
}

export function prefixIssues(issues: readonly CatalogIssue[], prefix: string): CatalogIssue[] {
  return issues.map((issue) => ({ path: joinPaths(prefix, issue.path), message: issue.message }));
}

/** Base of the package's errors: a summary plus every issue, so a form or an import screen can show them all. */
export abstract class CatalogIssueError extends Error {
  readonly issues: readonly CatalogIssue[];

  constructor(summary: string, issues: readonly CatalogIssue[]) {
    super([summary, ...issues.map((issue) => `  ${describeIssue(issue)}`)].join("\n"));
    this.issues = issues;
  }
}

/** Input could not be turned into catalog entries (bad JSON, unknown format, invalid fields). */
export class CatalogImportError extends CatalogIssueError {
  override readonly name = "CatalogImportError";
}

/** An entry plus a connector's settings and credentials could not be turned into something runnable. */
export class LaunchSpecError extends CatalogIssueError {
  override readonly name = "LaunchSpecError";
}
