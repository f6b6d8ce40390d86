import type { CatalogEntry } from "@switchboard/catalog";

/** Auth kinds whose entries use an admin-configured OAuth client (optional for DCR entries). */
export const CLIENT_AUTH_KINDS = ["oauth2_generic", "mcp_oauth", "remote_mcp_static", "remote_mcp_dcr"] as const;

/**
 * Entries of one provider (`auth.providerId`) share one client; others have their own. The key
 * names the owner in forms: `provider:<id>` or `entry:<slug>`.
 */
export function toTargetKey(entry: CatalogEntry): string {
  const providerId = "providerId" in entry.auth ? entry.auth.providerId : undefined;
  return providerId ? `provider:${providerId}` : `entry:${entry.id}`;
}
