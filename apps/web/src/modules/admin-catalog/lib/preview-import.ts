import { isDeepStrictEqual } from "node:util";
import type { CatalogEntry } from "@switchboard/catalog";
import type { Prisma, PrismaClient } from "@switchboard/db";
import type { GuardedFetch } from "@switchboard/oauth";
import { requireInstanceAdmin, type Actor } from "@/server/authz.ts";
import { parseImport } from "./parse-import.ts";

export type ImportStatus = "new" | "update" | "unchanged" | "conflict";

export interface ImportPreviewItem {
  entry: CatalogEntry;
  status: ImportStatus;
  /** Top-level fields that differ from the stored entry (for updates). */
  changedFields: string[];
}

/**
 * What saving this text would do, without doing it: new entries, updates of admin entries (with the
 * fields that change), and conflicts with built-in or developer entries, which imports never replace.
 * MCP bundles are downloaded with `fetchBundle` (the SSRF-guarded fetch) after the admin check.
 */
export async function previewImport(prisma: PrismaClient, actor: Actor, text: unknown, fetchBundle?: GuardedFetch) {
  requireInstanceAdmin(actor);
  const { entries, warnings, formats } = await parseImport(text, fetchBundle);
  const existing = await prisma.catalogEntry.findMany({ where: { slug: { in: entries.map((entry) => entry.id) } } });
  const bySlug = new Map(existing.map((row) => [row.slug, row]));
  const items: ImportPreviewItem[] = entries.map((entry) => {
    const current = bySlug.get(entry.id);
    if (!current) return { entry, status: "new", changedFields: [] };
    if (current.source !== "CUSTOM") return { entry, status: "conflict", changedFields: [] };
    // Compared raw, not read through readCatalogEntry: importing over a corrupted entry is how it gets fixed.
    const stored = isJsonObject(current.entry) ? current.entry : {};
    const incoming = JSON.parse(JSON.stringify(entry)) as Record<string, unknown>;
    const changedFields = [...new Set([...Object.keys(stored), ...Object.keys(incoming)])].filter(
      (key) => !isDeepStrictEqual(stored[key], incoming[key]),
    );
    return { entry, status: changedFields.length ? "update" : "unchanged", changedFields };
  });
  return { items, warnings, formats };
}

function isJsonObject(value: Prisma.JsonValue): value is Prisma.JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
