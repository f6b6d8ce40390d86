import "server-only";
import { builtinCatalog } from "@switchboard/catalog";
import { env } from "@/env";
import { db } from "@/server/db.ts";
import { readDeveloperCatalog } from "./read-developer-catalog.ts";
import { syncCatalogSource } from "./sync-catalog-source.ts";

let builtinSync: Promise<unknown> | undefined;

/**
 * Brings the stored catalog up to date with the shipped built-in entries (once per process) and,
 * when a developer folder is configured, with its files (on every call, so edits show on reload).
 */
export async function ensureCatalogSynced(): Promise<void> {
  builtinSync ??= syncCatalogSource(db(), "BUILTIN", builtinCatalog).catch((error: unknown) => {
    builtinSync = undefined;
    throw error;
  });
  await builtinSync;
  const folder = env().SWITCHBOARD_DEVELOPER_CATALOG_DIR;
  if (folder) await syncCatalogSource(db(), "DEVELOPER", await readDeveloperCatalog(folder));
}
