import { CatalogImportError, describeIssue, detectAndImport, type DetectedImport } from "@switchboard/catalog";
import type { GuardedFetch } from "@switchboard/oauth";
import { AppError } from "@/server/errors.ts";
import { readImportBundles } from "./read-import-bundles.ts";

/**
 * Parses pasted or uploaded catalog text; import errors become one user-facing message listing every
 * issue. MCP bundles the text names are downloaded with `fetchBundle` (none without it).
 */
export async function parseImport(text: unknown, fetchBundle?: GuardedFetch): Promise<DetectedImport> {
  if (typeof text !== "string" || text.trim() === "")
    throw new AppError("invalid_input", "Paste catalog JSON or choose a file.");
  const bundleManifests = fetchBundle ? await readImportBundles(text, fetchBundle) : new Map<string, unknown>();
  try {
    return detectAndImport(text, { source: "custom", bundleManifests });
  } catch (error) {
    if (!(error instanceof CatalogImportError)) throw error;
    const lines = error.issues.slice(0, 20).map(describeIssue);
    const more = error.issues.length > 20 ? [`…and ${error.issues.length - 20} more`] : [];
    throw new AppError("invalid_input", [error.message.split("\n")[0], ...lines, ...more].join("\n"));
  }
}
