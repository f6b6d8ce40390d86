import { isOAuth, type CatalogEntry } from "@switchboard/catalog";
import { findProviderClientId, type DbClient } from "@switchboard/db/credentials";

/**
 * Whether an entry cannot be installed until an administrator saves its OAuth client: every OAuth
 * kind needs one except remote servers that register clients dynamically (DCR).
 */
export async function needsProviderClient(
  prisma: DbClient,
  row: { id: string; entry: CatalogEntry },
): Promise<boolean> {
  const { auth } = row.entry;
  if (!isOAuth(auth) || auth.kind === "remote_mcp_dcr") return false;
  const providerKey = "providerId" in auth ? auth.providerId : undefined;
  return (await findProviderClientId(prisma, row.id, providerKey)) === undefined;
}
