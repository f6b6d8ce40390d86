import { formatPath } from "../errors/format-path.ts";
import type { PathSegment } from "../errors/format-path.ts";
import type { ImportFormat } from "../schema/catalog-entry.ts";
import { readPath } from "../util/read-path.ts";
import { redactSecrets } from "./secrets/detect-secrets.ts";

export interface ImportWarning {
  path: string;
  message: string;
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const UNMAPPED = "not mapped to a Switchboard field";
export const ADMIN_CLIENT = "the OAuth client is set by an admin";
/** For a credential a server takes only as a flag (context7 `--api-key`, supabase `--access-token`). */
export const SECRET_ARGUMENT =
  "the server takes this secret only as an argument: it is filled in from the secret setting at launch and redacted where Switchboard shows argv, but `docker inspect` and the Docker host's process list show a container's argv; if the server also reads it from an env var or file, move it there";

/**
 * Collects what an importer could not map, so nothing is silently dropped: kept fields land in the
 * entry's `extensions[format]` under their source path, and every one is reported as a warning.
 */
export class ImportNotes {
  readonly #format: ImportFormat;
  readonly #source: unknown;
  readonly #kept = new Map<string, { path: readonly PathSegment[]; value: JsonValue; reason: string }>();
  readonly #warnings: ImportWarning[] = [];

  /** `source` is the document (or mcpServers server) the importer reads; kept values come from it. */
  constructor(format: ImportFormat, source: unknown) {
    this.#format = format;
    this.#source = source;
  }

  get format(): ImportFormat {
    return this.#format;
  }

  /**
   * Keeps the source value at `path` verbatim (read from the source, not from a parsed copy that
   * lacks unknown fields); keeping a parent supersedes anything kept beneath it. Absent: no-op.
   */
  keep(path: readonly PathSegment[], reason = UNMAPPED): void {
    this.keepValue(path, readPath(this.#source, path), reason);
  }

  /** Keeps a value the importer already rewrote (e.g. a credential replaced by a placeholder). */
  keepValue(path: readonly PathSegment[], value: unknown, reason = UNMAPPED): void {
    if (value === undefined) return;
    // Kept values are catalog text every member can read: credentials in them never are.
    const last = path.at(-1);
    const safe = redactSecrets(value, typeof last === "string" ? last : "");
    const note = safe.redacted ? `${reason}; credentials in it were redacted` : reason;
    this.#kept.set(formatPath(path), { path: [...path], value: safe.value as JsonValue, reason: note });
  }

  warn(path: readonly PathSegment[], message: string): void {
    this.#warnings.push({ path: formatPath(path), message });
  }

  /** Client secrets are the one thing deliberately not kept: the catalog is readable by every member. */
  dropSecret(path: readonly PathSegment[], value: unknown): void {
    if (value !== undefined) this.warn(path, "dropped: secrets never live in the catalog; an admin enters them");
  }

  extensions(): Record<string, Record<string, JsonValue>> {
    const kept = this.#outermost();
    if (kept.length === 0) return {};
    return { [this.#format]: Object.fromEntries(kept.map(([key, { value }]) => [key, value])) };
  }

  warnings(): ImportWarning[] {
    const kept = this.#outermost().map(([path, { reason }]) => ({
      path,
      message: `${reason}; kept in extensions.${this.#format}`,
    }));
    return [...kept, ...this.#warnings];
  }

  /** Kept values without a kept ancestor; checking ancestors (not descendants) keeps this linear. */
  #outermost() {
    return [...this.#kept].filter(
      ([, { path }]) => !path.some((_, length) => length > 0 && this.#kept.has(formatPath(path.slice(0, length)))),
    );
  }
}
