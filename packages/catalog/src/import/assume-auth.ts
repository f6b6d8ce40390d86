import type { CatalogAuth } from "../schema/auth.ts";
import type { CatalogServer } from "../schema/server.ts";
import type { UserConfigField } from "../schema/user-config-field.ts";
import type { ImportNotes } from "./import-notes.ts";

/** For formats without auth metadata: secret settings are the credentials (API keys, tokens). */
export function chooseAuth(
  fields: Readonly<Record<string, UserConfigField>>,
  server: CatalogServer,
  notes: ImportNotes,
): CatalogAuth {
  const secrets = Object.keys(fields).filter((key) => fields[key]?.secret);
  return secrets.length > 0 ? { kind: "api_key", fields: secrets } : assumeAuth(server, notes);
}

/**
 * No credentials at all: a local server runs without auth; a remote one most likely authorizes
 * through MCP's own discovery (RFC 9728) and, with no known client, dynamic registration. The
 * guess is reported so an admin can switch a public server to `none`.
 */
function assumeAuth(server: CatalogServer, notes: ImportNotes): CatalogAuth {
  if (server.type === "local") return { kind: "none" };
  notes.warn([], "no auth metadata: assumed remote_mcp_dcr (OAuth discovery + DCR); set none if the server is public");
  return {
    kind: "remote_mcp_dcr",
    scopes: [],
    defaultScopes: [],
    authorizationParams: {},
    delivery: [{ kind: "header" }],
  };
}
