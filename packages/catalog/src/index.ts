export { builtinCatalog } from "./builtin/index.ts";
export { CatalogImportError, CatalogIssueError, LaunchSpecError, describeIssue } from "./errors/catalog-error.ts";
export type { CatalogIssue } from "./errors/catalog-error.ts";
export { formatIssues } from "./errors/format-issues.ts";
export { exportCatalog } from "./export/export-catalog.ts";
export { importArchestraEntry } from "./import/archestra/import-archestra.ts";
export { detectAndImport, detectFormat } from "./import/detect-and-import.ts";
export { noteSettingHost, suggestSettingHosts } from "./import/allow-setting-host.ts";
export type { CatalogFormat, DetectAndImportOptions, DetectedImport } from "./import/detect-and-import.ts";
export type { ImportOptions, ImportResult, ImportWarning } from "./import/import-result.ts";
export { importSwitchboardCatalog, parseCatalogEntry } from "./import/import-switchboard.ts";
export { importMcpServersConfig } from "./import/mcp-servers/import-mcp-servers.ts";
export { DEFAULT_MAX_IMPORT_BYTES } from "./import/read-json.ts";
export { importRegistryServer } from "./import/registry/import-registry.ts";
export type { RegistryImportOptions } from "./import/registry/import-registry.ts";
export { listBundlePackages } from "./import/registry/list-bundle-packages.ts";
export type { BundlePackage } from "./import/registry/list-bundle-packages.ts";
export type { BundleManifests } from "./import/registry/map-registry-bundle.ts";
export { deriveLaunchSpec } from "./launch/derive-launch-spec.ts";
export { DEFAULT_BUNDLE_BINARY_IMAGE, DEFAULT_RUNTIME_IMAGES } from "./launch/launch-spec.ts";
export type {
  ContainerLaunchSpec,
  ContainerResources,
  LaunchCredentials,
  LaunchFile,
  LaunchOptions,
  LaunchSpec,
  RemoteLaunchSpec,
} from "./launch/launch-spec.ts";
export { REDACTED, redactArgv } from "./launch/redact-argv.ts";
export { validateUserConfig } from "./launch/validate-user-config.ts";
export type { ResolvedUserConfig, UserConfigInput, UserConfigValidation } from "./launch/validate-user-config.ts";
export { AUTH_KINDS, isOAuth } from "./schema/auth.ts";
export type { AuthKind, CatalogAuth, OAuthAuth, TokenDelivery } from "./schema/auth.ts";
export { CATALOG_SCHEMA_VERSION, CATALOG_SOURCES, catalogEntrySchema } from "./schema/catalog-entry.ts";
export type { CatalogEntry, CatalogEntryInput, CatalogSource, ImportFormat } from "./schema/catalog-entry.ts";
export { isLegacyTransportRefusal } from "./schema/legacy-transport-refusal.ts";
export { imageRefSchema } from "./schema/primitives.ts";
export { RUNTIMES } from "./schema/server.ts";
export type { CatalogServer, LocalServer, RemoteServer, RemoteTransport, Runtime } from "./schema/server.ts";
export { USER_CONFIG_TYPES } from "./schema/user-config-field.ts";
export type { UserConfigField, UserConfigType } from "./schema/user-config-field.ts";
export type { UserConfigValue } from "./schema/user-config-value.ts";
export { StoredCatalogEntryError, readCatalogEntry } from "./stored/read-catalog-entry.ts";
export type { StoredCatalogEntryRow } from "./stored/read-catalog-entry.ts";
