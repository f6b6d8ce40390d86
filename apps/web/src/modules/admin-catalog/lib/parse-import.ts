import { CatalogImportError, describeIssue, detectAndImport, type DetectedImport } from "@switchboard/catalog";
import { AppError } from "@/server/errors.ts";

/** Parses pasted or uploaded catalog text; import errors become one user-facing message listing every issue. */
export function parseImport(text: unknown): DetectedImport {
  if (typeof text !== "string" || text.trim() === "")
    throw new AppError("invalid_input", "Paste catalog JSON or choose a file.");
  try {
    return detectAndImport(text, { source: "custom" });
  } catch (error) {
    if (!(error instanceof CatalogImportError)) throw error;
    const lines = error.issues.slice(0, 20).map(describeIssue);
    const more = error.issues.length > 20 ? [`…and ${error.issues.length - 20} more`] : [];
    throw new AppError("invalid_input", [error.message.split("\n")[0], ...lines, ...more].join("\n"));
  }
}
