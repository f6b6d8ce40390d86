import { CatalogImportError } from "../../errors/catalog-error.ts";
import type { CatalogAuth, OAuthAuth, TokenDelivery } from "../../schema/auth.ts";
import type { CatalogServer } from "../../schema/server.ts";
import type { UserConfigField } from "../../schema/user-config-field.ts";
import { getOwn } from "../../util/get-own.ts";
import { ADMIN_CLIENT } from "../import-notes.ts";
import type { ImportNotes } from "../import-notes.ts";
import { KNOWN_OAUTH_PROVIDERS } from "../known-oauth-providers.ts";
import { toEnvName, toSlug } from "../naming.ts";
import type { ArchestraEntry, ArchestraOAuthConfig } from "./archestra-schema.ts";

/**
 * The seeds' four OAuth types: `generic_oauth` is type 1; a local server with discovery is type 2;
 * a remote server is type 3 with a static `client_id` and type 4 (DCR) with an empty one. Entries
 * naming only `archestra_config.oauth.provider` use that provider's known endpoints. Without OAuth,
 * secret settings make an API-key entry.
 */
export function mapArchestraAuth(
  source: ArchestraEntry,
  server: CatalogServer,
  userConfig: Readonly<Record<string, UserConfigField>>,
  notes: ImportNotes,
): CatalogAuth {
  const flag = source.archestra_config?.oauth;
  const providerName = flag?.provider ?? source.oauth_config?.provider_name ?? undefined;
  const providerId = providerName ? toSlug(providerName) : undefined;
  if (source.oauth_config) return mapOAuthConfig(source, source.oauth_config, server, providerId, notes);
  if (providerName && flag?.required !== false) return mapKnownProvider(source, providerName, server, notes);
  if (providerName) {
    notes.keep(["archestra_config", "oauth"], "optional OAuth without an oauth_config is not supported");
  }
  if (source.server?.inject_file) {
    throw new CatalogImportError("Invalid Archestra catalog entry", [
      { path: "server.inject_file", message: "credential files carry an OAuth token, but this entry has no OAuth" },
    ]);
  }
  const secrets = Object.keys(userConfig).filter((key) => userConfig[key]?.secret);
  return secrets.length > 0 ? { kind: "api_key", fields: secrets } : { kind: "none" };
}

function mapOAuthConfig(
  source: ArchestraEntry,
  config: ArchestraOAuthConfig,
  server: CatalogServer,
  providerId: string | undefined,
  notes: ImportNotes,
): OAuthAuth {
  notes.dropSecret(["oauth_config", "client_secret"], config.client_secret);
  if (config.client_id) notes.keep(["oauth_config", "client_id"], ADMIN_CLIENT);
  const base = {
    scopes: config.scopes ?? config.default_scopes ?? [],
    defaultScopes: config.default_scopes ?? config.scopes ?? [],
    authorizationParams: {},
    delivery: mapDelivery(source, server, notes),
  };
  if (config.generic_oauth) {
    const authorizationUrl = requireField(config.server_url, "oauth_config.server_url", "the authorization endpoint");
    const tokenUrl = requireField(config.token_endpoint, "oauth_config.token_endpoint", "the token endpoint");
    return {
      kind: "oauth2_generic",
      providerId: providerId ?? toSlug(source.name),
      authorizationUrl,
      tokenUrl,
      ...base,
    };
  }
  notes.keep(["oauth_config", "token_endpoint"], "discovery finds the token endpoint");
  if (server.type === "remote") {
    notes.keep(["oauth_config", "well_known_url"], "remote servers use RFC 9728 discovery");
    if (config.server_url !== server.url) notes.keep(["oauth_config", "server_url"]);
    const discovery = {
      ...(config.resource_metadata_url && { resourceMetadataUrl: config.resource_metadata_url }),
      ...(config.auth_server_url && { authorizationServerUrl: config.auth_server_url }),
    };
    return config.client_id
      ? { kind: "remote_mcp_static", ...(providerId && { providerId }), ...discovery, ...base }
      : { kind: "remote_mcp_dcr", ...discovery, ...base };
  }
  notes.keep(["oauth_config", "auth_server_url"]);
  notes.keep(["oauth_config", "resource_metadata_url"]);
  const issuer = requireField(config.server_url, "oauth_config.server_url", "the issuer of a local server's OAuth");
  return {
    kind: "mcp_oauth",
    ...(providerId && { providerId }),
    issuer,
    ...(config.well_known_url && { discoveryUrl: config.well_known_url }),
    ...base,
  };
}

function mapKnownProvider(source: ArchestraEntry, name: string, server: CatalogServer, notes: ImportNotes): OAuthAuth {
  const provider = getOwn(KNOWN_OAUTH_PROVIDERS, name);
  if (!provider) {
    throw new CatalogImportError("Invalid Archestra catalog entry", [
      {
        path: "archestra_config.oauth.provider",
        message: `unknown OAuth provider ${JSON.stringify(name)}; expected one of ${Object.keys(KNOWN_OAUTH_PROVIDERS).join(", ")} or an oauth_config block`,
      },
    ]);
  }
  // The seeds' provider definitions hand the token over as <PROVIDER>_ACCESS_TOKEN (e.g. JIRA_ACCESS_TOKEN).
  const envVar = `${toEnvName(name)}_ACCESS_TOKEN`;
  return {
    kind: "oauth2_generic",
    providerId: toSlug(name),
    authorizationUrl: provider.authorizationUrl,
    tokenUrl: provider.tokenUrl,
    scopes: provider.scopes,
    defaultScopes: provider.scopes,
    authorizationParams: provider.authorizationParams,
    delivery: mapDelivery(source, server, notes, envVar),
  };
}

/** `access_token_env_var` -> env, `inject_file` -> file, neither -> the Authorization header. */
function mapDelivery(
  source: ArchestraEntry,
  server: CatalogServer,
  notes: ImportNotes,
  defaultEnvVar?: string,
): TokenDelivery[] {
  const envVar = source.oauth_config?.access_token_env_var;
  const files = source.server?.inject_file;
  if (server.type === "remote") {
    const reason = "a remote server receives its token as a header";
    notes.keep(["oauth_config", "access_token_env_var"], reason);
    notes.keep(["server", "inject_file"], reason);
    return [{ kind: "header" }];
  }
  const delivery: TokenDelivery[] = [];
  if (envVar) delivery.push({ kind: "env", accessTokenEnvVar: envVar });
  if (files) delivery.push({ kind: "file", files });
  if (delivery.length === 0 && server.http) delivery.push({ kind: "header" });
  if (delivery.length === 0 && defaultEnvVar) delivery.push({ kind: "env", accessTokenEnvVar: defaultEnvVar });
  if (delivery.length === 0) {
    throw new CatalogImportError("Invalid Archestra catalog entry", [
      {
        path: "oauth_config",
        message:
          "a local stdio server needs access_token_env_var or server.inject_file to receive its token (or streamable_http_url to get it as a header)",
      },
    ]);
  }
  return delivery;
}

function requireField(value: string | undefined, path: string, what: string): string {
  if (value !== undefined) return value;
  throw new CatalogImportError("Invalid Archestra catalog entry", [{ path, message: `required: expected ${what}` }]);
}
