import { isDeepStrictEqual } from "node:util";
import { suggestSettingHosts, type CatalogEntry } from "@switchboard/catalog";
import type { Prisma, PrismaClient } from "@switchboard/db";
import type { GuardedFetch } from "@switchboard/oauth";
import { requireInstanceAdmin, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { parseImport } from "./parse-import.ts";

export type ImportStatus = "new" | "update" | "unchanged" | "conflict";

export interface ImportPreviewItem {
  entry: CatalogEntry;
  status: ImportStatus;
  /** Top-level fields that differ from the stored entry (for updates). */
  changedFields: string[];
  /**
   * A setting fills part of the remote host and the admin has not accepted these allowed hosts:
   * until they do, connectors of the entry are refused at launch.
   */
  suggestedAllowedHosts?: string[];
}

/**
 * What saving this text would do, without doing it: new entries, updates of admin entries (with the
 * fields that change), and conflicts with built-in or developer entries, which imports never replace.
 * MCP bundles are downloaded with `fetchBundle` (the SSRF-guarded fetch) after the admin check.
 */
export async function previewImport(
  prisma: PrismaClient,
  actor: Actor,
  text: unknown,
  fetchBundle?: GuardedFetch,
  /** Ids of entries whose suggested allowed hosts the admin accepted in the preview. */
  acceptedHosts: readonly string[] = [],
) {
  requireInstanceAdmin(actor);
  const parsed = await parseImport(text, fetchBundle);
  const { warnings, formats } = parsed;
  const entries = parsed.entries.map((entry) => withAcceptedHosts(entry, acceptedHosts));
  const unknown = acceptedHosts.filter((id) => !parsed.entries.some((entry) => entry.id === id && suggestHosts(entry)));
  if (unknown.length) {
    throw new AppError("invalid_input", `No allowed hosts were suggested for: ${unknown.join(", ")}. Preview again.`);
  }
  const existing = await prisma.catalogEntry.findMany({ where: { slug: { in: entries.map((entry) => entry.id) } } });
  const bySlug = new Map(existing.map((row) => [row.slug, row]));
  const items: ImportPreviewItem[] = entries.map((entry) => {
    const suggestion = suggestHosts(entry);
    const suggested = suggestion ? { suggestedAllowedHosts: [suggestion] } : {};
    const current = bySlug.get(entry.id);
    if (!current) return { entry, status: "new", changedFields: [], ...suggested };
    if (current.source !== "CUSTOM") return { entry, status: "conflict", changedFields: [], ...suggested };
    // Compared raw, not read through readCatalogEntry: importing over a corrupted entry is how it gets fixed.
    const stored = isJsonObject(current.entry) ? current.entry : {};
    const incoming = JSON.parse(JSON.stringify(entry)) as Record<string, unknown>;
    const changedFields = [...new Set([...Object.keys(stored), ...Object.keys(incoming)])].filter(
      (key) => !isDeepStrictEqual(stored[key], incoming[key]),
    );
    return { entry, status: changedFields.length ? "update" : "unchanged", changedFields, ...suggested };
  });
  return { items, warnings, formats };
}

function suggestHosts(entry: CatalogEntry): string | undefined {
  return entry.server.type === "remote" ? suggestSettingHosts(entry.server) : undefined;
}

/** The importer only suggests allowed hosts for a setting-filled host; they apply once the admin accepts them. */
function withAcceptedHosts(entry: CatalogEntry, acceptedHosts: readonly string[]): CatalogEntry {
  const suggestion = acceptedHosts.includes(entry.id) ? suggestHosts(entry) : undefined;
  if (!suggestion || entry.server.type !== "remote") return entry;
  return { ...entry, server: { ...entry.server, allowedHosts: [suggestion] } };
}

function isJsonObject(value: Prisma.JsonValue): value is Prisma.JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
