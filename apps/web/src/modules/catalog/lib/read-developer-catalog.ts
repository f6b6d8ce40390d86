import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { detectAndImport, type CatalogEntry } from "@switchboard/catalog";
import { logger } from "@/server/logger.ts";

/**
 * Reads every *.json file of the local developer folder (as the seeds' `catalog_local`), tags the
 * entries "Developer", and skips files that do not import, logging why.
 */
export async function readDeveloperCatalog(directory: string): Promise<CatalogEntry[]> {
  const names = (await readdir(directory).catch(() => [])).filter((name) => name.endsWith(".json")).sort();
  const entries: CatalogEntry[] = [];
  for (const name of names) {
    try {
      const { entries: imported } = detectAndImport(await readFile(path.join(directory, name), "utf8"), {
        source: "developer",
      });
      entries.push(
        ...imported.map((entry) => ({
          ...entry,
          source: "developer" as const,
          tags: [...new Set([...entry.tags, "Developer"])],
        })),
      );
    } catch (error) {
      logger.warn(
        { file: name, error: error instanceof Error ? error.message : String(error) },
        "developer catalog file skipped",
      );
    }
  }
  return entries;
}
