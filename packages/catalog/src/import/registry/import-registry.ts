import { CatalogImportError, prefixIssues } from "../../errors/catalog-error.ts";
import { formatPath } from "../../errors/format-path.ts";
import type { PathSegment } from "../../errors/format-path.ts";
import type { CatalogServer, RemoteServer } from "../../schema/server.ts";
import { noteSettingHost } from "../allow-setting-host.ts";
import { chooseAuth } from "../assume-auth.ts";
import { ImportNotes } from "../import-notes.ts";
import { finalizeEntry } from "../import-result.ts";
import type { ImportOptions, ImportResult } from "../import-result.ts";
import { toSlug } from "../naming.ts";
import { parseKeepingUnknown } from "../parse-keeping-unknown.ts";
import { importBundleManifest } from "./map-registry-bundle.ts";
import type { BundleManifests } from "./map-registry-bundle.ts";
import { findUnsupportedPackageReason, mapRegistryPackage } from "./map-registry-package.ts";
import { readApiResponse } from "./read-registry-list.ts";
import { registryServerSchema } from "./registry-schema.ts";
import type { RegistryPackage, RegistryRemote, RegistryServer } from "./registry-schema.ts";
import { RegistrySettings } from "./registry-settings.ts";
import { LEGACY_SCHEMA, upgradeRegistryDocument } from "./upgrade-registry-document.ts";
import type { UpgradedDocument } from "./upgrade-registry-document.ts";

export interface RegistryImportOptions extends ImportOptions {
  /** Which variant wins when a server.json offers both remotes and packages. Default `remote`. */
  prefer?: "remote" | "local";
  /** Manifests of the MCP bundles (`mcpb` packages) the caller downloaded and verified, by sha256. */
  bundleManifests?: BundleManifests;
}

const REVERSE_DNS_NAME = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;

type Variant = { path: [string, number]; remote: RegistryRemote } | { path: [string, number]; pkg: RegistryPackage };

/**
 * Imports an official MCP Registry `server.json`. One entry per server: the preferred usable
 * variant (remote or package) becomes the entry's server; the other variants are kept verbatim in
 * `extensions.registry` so an admin can switch.
 */
export function importRegistryServer(value: unknown, options: RegistryImportOptions = {}): ImportResult {
  const inner = readApiResponse(value);
  if (inner === undefined) return importServerJson(value, options);
  try {
    const result = importServerJson(inner, options);
    const note = { path: "server", message: "a registry API response: read the server.json inside it" };
    return { entries: result.entries, warnings: [note, ...prefixIssues(result.warnings, "server")] };
  } catch (error) {
    if (!(error instanceof CatalogImportError)) throw error;
    throw new CatalogImportError(error.message.split("\n")[0] ?? "", prefixIssues(error.issues, "server"));
  }
}

function importServerJson(value: unknown, options: RegistryImportOptions): ImportResult {
  const upgraded = upgradeRegistryDocument(value);
  const notes = new ImportNotes("registry", upgraded.value);
  for (const note of upgraded.notes) notes.warn(note.path, note.message);
  const source = parseLegacyAware(upgraded, notes);
  if (!REVERSE_DNS_NAME.test(source.name)) {
    notes.warn(["name"], "not a reverse-DNS name like io.github.user/weather, which the registry requires of servers published today"); // prettier-ignore
  }
  const settings = new RegistrySettings(notes);
  const manifests = options.bundleManifests;
  const chosen = chooseVariant(source, options.prefer ?? "remote", manifests);
  const bundle =
    "pkg" in chosen && chosen.pkg.registryType === "mcpb" && manifests
      ? importBundleManifest(chosen.pkg, chosen.path, manifests, notes)
      : undefined;
  const server: CatalogServer =
    bundle?.server ??
    ("remote" in chosen
      ? mapRemote(chosen.remote, chosen.path, settings, notes)
      : mapRegistryPackage(chosen.pkg, chosen.path, settings, notes));
  for (const variant of listVariants(source, "remote")) {
    if (formatPath(variant.path) === formatPath(chosen.path)) continue;
    const reason = "pkg" in variant ? findUnsupportedPackageReason(variant.pkg, manifests) : undefined;
    notes.keep(variant.path, reason ?? `not used: this entry runs ${formatPath(chosen.path)}`);
  }
  const [icon, ...otherIcons] = source.icons ?? [];
  otherIcons.forEach((_icon, index) => notes.keep(["icons", index + 1]));
  const entry = finalizeEntry(
    {
      schemaVersion: 1,
      id: toSlug(source.name),
      source: options.source ?? "custom",
      name: source.title ?? source.name.slice(source.name.indexOf("/") + 1),
      description: source.description,
      ...(icon && { icon: icon.src }),
      ...(source.websiteUrl && { homepage: source.websiteUrl }),
      ...(source.repository && { repositoryUrl: source.repository.url }),
      version: source.version,
      origin: { format: "registry", name: source.name },
      server,
      userConfig: bundle?.userConfig ?? settings.fields,
      auth: bundle?.auth ?? chooseAuth(settings.fields, server, notes),
    },
    notes,
  );
  // The manifest's own unmapped fields stay beside the server.json's.
  const extensions = { ...bundle?.extensions, ...entry.extensions };
  return { entries: [{ ...entry, extensions }], warnings: notes.warnings() };
}

/** Errors in a 2025-07-09 document say so first: its field names differ from the messages' paths. */
function parseLegacyAware(upgraded: UpgradedDocument, notes: ImportNotes): RegistryServer {
  try {
    return parseKeepingUnknown(registryServerSchema, upgraded.value, notes);
  } catch (error) {
    if (!upgraded.legacy || !(error instanceof CatalogImportError)) throw error;
    const schema = {
      path: "",
      message: `this is the ${LEGACY_SCHEMA} schema (snake_case); it was read as the current camelCase one, and paths below use the current names`, // prettier-ignore
    };
    throw new CatalogImportError(error.message, [schema, ...error.issues]);
  }
}

function listVariants(source: RegistryServer, prefer: "remote" | "local"): Variant[] {
  const remotesOf = (transport: RegistryRemote["type"]): Variant[] =>
    (source.remotes ?? []).flatMap((remote, index) =>
      remote.type === transport ? [{ path: ["remotes", index] as [string, number], remote }] : [],
    );
  // Streamable HTTP before the legacy SSE transport.
  const remotes = [...remotesOf("streamable-http"), ...remotesOf("sse")];
  const packages: Variant[] = (source.packages ?? []).map((pkg, index) => ({ path: ["packages", index], pkg }));
  return prefer === "remote" ? [...remotes, ...packages] : [...packages, ...remotes];
}

function chooseVariant(source: RegistryServer, prefer: "remote" | "local", manifests?: BundleManifests): Variant {
  const variants = listVariants(source, prefer);
  const usable = variants.find((variant) => !("pkg" in variant) || !findUnsupportedPackageReason(variant.pkg, manifests)); // prettier-ignore
  if (usable) return usable;
  const issues =
    variants.length === 0
      ? [{ path: "", message: "expected packages or remotes: there is nothing to run" }]
      : variants.map((variant) => ({
          path: formatPath(variant.path),
          message: ("pkg" in variant && findUnsupportedPackageReason(variant.pkg, manifests)) || "not usable",
        }));
  throw new CatalogImportError("No usable package or remote in this MCP Registry server.json", issues);
}

function mapRemote(
  remote: RegistryRemote,
  path: readonly PathSegment[],
  settings: RegistrySettings,
  notes: ImportNotes,
): RemoteServer {
  const url = settings.fill(remote.url, remote.variables, path);
  const headers = Object.fromEntries(
    (remote.headers ?? []).map((header, index) => [
      header.name,
      settings.valueFor(header, [...path, "headers", index]),
    ]),
  );
  return noteSettingHost({ type: "remote", url, transport: remote.type, headers }, [...path, "url"], notes);
}
