/**
 * Reads older forms of a server.json as the current (camelCase) schema, so that one
 * parser and one set of messages serve them all. Each rewrite is reported for the import preview.
 */

export const LEGACY_SCHEMA = "2025-07-09";

/** Keys only the 2025-07-09 (snake_case) schema has; one of them marks a document as that schema. */
const LEGACY_KEYS = new Set([
  ...["registry_name", "registry_type", "version_detail", "package_arguments", "runtime_arguments", "runtime_hint"],
  ...["environment_variables", "is_secret", "is_required", "is_repeated", "value_hint", "transport_type"],
  ...["website_url", "registry_base_url", "file_sha256", "package_type"],
]);

/** Objects whose keys are names chosen by the publisher, not schema fields. */
const VERBATIM_KEYS = new Set(["variables", "_meta"]);

export interface UpgradedDocument {
  value: unknown;
  /** Notes on what was read differently, by path. */
  notes: Array<{ path: (string | number)[]; message: string }>;
  legacy: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasLegacyKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasLegacyKey);
  if (!isObject(value)) return false;
  return Object.entries(value).some(([key, child]) => LEGACY_KEYS.has(key) || (!VERBATIM_KEYS.has(key) && hasLegacyKey(child))); // prettier-ignore
}

function toCamel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCamel);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key.replaceAll(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase()),
      VERBATIM_KEYS.has(key) ? child : toCamel(child),
    ]),
  );
}

/**
 * - The 2025-07-09 schema: camelCase keys, `registry_name` -> registryType, a package's `name` ->
 *   identifier, `version_detail.version` -> version, no transport -> stdio, `transport_type` -> type.
 * - registryType in any case (`PyPI`), as the registry itself normalizes it; `docker` -> oci.
 */
export function upgradeRegistryDocument(input: unknown): UpgradedDocument {
  const notes: UpgradedDocument["notes"] = [];
  let value = input;
  const legacy = hasLegacyKey(value);
  if (legacy) {
    notes.push({
      path: [],
      message: `this is the ${LEGACY_SCHEMA} schema (snake_case); read as the current one (camelCase, registryType, identifier, transport), which the registry now requires`, // prettier-ignore
    });
    value = upgradeLegacy(toCamel(value));
  }
  if (isObject(value) && Array.isArray(value.packages)) {
    value = { ...value, packages: value.packages.map((pkg, index) => normalizePackage(pkg, index, notes)) };
  }
  return { value, notes, legacy };
}

function upgradeLegacy(value: unknown): unknown {
  if (!isObject(value)) return value;
  const { versionDetail, ...rest } = value;
  const upgraded: Record<string, unknown> = { ...rest };
  if (isObject(versionDetail)) {
    const { version, ...detail } = versionDetail;
    if (upgraded.version === undefined && version !== undefined) upgraded.version = version;
    if (Object.keys(detail).length > 0) upgraded.versionDetail = detail;
  }
  if (Array.isArray(upgraded.packages)) upgraded.packages = upgraded.packages.map(upgradeLegacyPackage);
  if (Array.isArray(upgraded.remotes)) upgraded.remotes = upgraded.remotes.map(upgradeLegacyRemote);
  return upgraded;
}

function upgradeLegacyPackage(pkg: unknown): unknown {
  if (!isObject(pkg)) return pkg;
  const { registryName, name, transport, ...rest } = pkg;
  return {
    ...rest,
    ...(rest.registryType === undefined && registryName !== undefined && { registryType: registryName }),
    ...(rest.identifier === undefined && name !== undefined && { identifier: name }),
    transport: transport === undefined ? { type: "stdio" } : typeof transport === "string" ? { type: transport } : transport, // prettier-ignore
  };
}

function upgradeLegacyRemote(remote: unknown): unknown {
  if (!isObject(remote)) return remote;
  const { transportType, ...rest } = remote;
  if (rest.type !== undefined || transportType === undefined) return remote;
  return { ...rest, type: transportType === "streamable" ? "streamable-http" : transportType };
}

function normalizePackage(pkg: unknown, index: number, notes: UpgradedDocument["notes"]): unknown {
  if (!isObject(pkg)) return pkg;
  if (pkg.transport === undefined) {
    notes.push({ path: ["packages", index], message: "no transport: stdio assumed, as schemas before 2025-09 did" });
    pkg = { ...pkg, transport: { type: "stdio" } };
  }
  if (!isObject(pkg) || typeof pkg.registryType !== "string") return pkg;
  const lower = pkg.registryType.toLowerCase();
  const registryType = lower === "docker" ? "oci" : lower;
  if (registryType === pkg.registryType) return pkg;
  notes.push({ path: ["packages", index, "registryType"], message: `read ${JSON.stringify(pkg.registryType)} as ${registryType}` }); // prettier-ignore
  return { ...pkg, registryType };
}
