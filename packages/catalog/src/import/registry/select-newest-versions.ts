import semver from "semver";
import type { CatalogIssue } from "../../errors/catalog-error.ts";
import type { ListedDocument } from "./read-registry-list.ts";

const OFFICIAL_META = "io.modelcontextprotocol.registry/official";

interface Version {
  listed: ListedDocument;
  name: string;
  version: string;
  /** The registry's own answer (`_meta` of an API response, `version_detail` of 2025-07-09). */
  isLatest?: boolean;
}

function read(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined; // prettier-ignore
}

function readVersion(listed: ListedDocument): Version | undefined {
  const wrapped = read(listed.document, "server");
  const isWrapped = read(listed.document, "packages") === undefined && read(listed.document, "remotes") === undefined;
  const server = isWrapped && wrapped !== undefined ? wrapped : listed.document;
  const name = read(server, "name");
  const detail = read(server, "version_detail");
  const version = read(server, "version") ?? read(detail, "version");
  if (typeof name !== "string" || typeof version !== "string") return undefined;
  const isLatest = read(read(read(listed.document, "_meta"), OFFICIAL_META), "isLatest") ?? read(detail, "is_latest");
  return { listed, name, version, ...(typeof isLatest === "boolean" && { isLatest }) };
}

/** The registry's latest mark if exactly one has it, else the highest semver if there is one. */
function pickLatest(versions: readonly Version[]): Version | undefined {
  const marked = versions.filter((version) => version.isLatest === true);
  if (marked.length === 1) return marked[0];
  if (!versions.every((version) => semver.valid(version.version))) return undefined;
  const sorted = [...versions].sort((a, b) => semver.rcompare(a.version, b.version));
  const [first, second] = sorted;
  return first && second && semver.eq(first.version, second.version) ? undefined : first;
}

/**
 * The registry's seed.json and its list API hold every published version of a server, which would
 * all become the same catalog entry: only the latest is imported, each skipped one with a note.
 * Versions that cannot be ordered are all kept, and the duplicate-id check refuses them.
 */
export function selectNewestVersions(documents: readonly ListedDocument[]): {
  kept: ListedDocument[];
  notes: CatalogIssue[];
} {
  const byName = new Map<string, Version[]>();
  for (const listed of documents) {
    const version = readVersion(listed);
    if (!version) continue;
    const versions = byName.get(version.name);
    if (versions) versions.push(version);
    else byName.set(version.name, [version]);
  }
  const skipped = new Map<ListedDocument, CatalogIssue>();
  for (const versions of byName.values()) {
    const latest = versions.length > 1 ? pickLatest(versions) : undefined;
    if (latest === undefined) continue;
    for (const version of versions) {
      if (version === latest) continue;
      skipped.set(version.listed, {
        path: version.listed.path,
        message: `${version.name} ${version.version}: skipped, ${latest.listed.path} is the latest version (${latest.version}) of the same server`, // prettier-ignore
      });
    }
  }
  return { kept: documents.filter((listed) => !skipped.has(listed)), notes: [...skipped.values()] };
}
