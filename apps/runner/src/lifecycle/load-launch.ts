import { deriveLaunchSpec, isOAuth, readCatalogEntry } from "@switchboard/catalog";
import type { LaunchSpec, TokenDelivery } from "@switchboard/catalog";
import type { DesiredState } from "@switchboard/db";
import { pinnedEntrySelect, toPinnedEntryRow } from "@switchboard/db/catalog-revisions";
import { openConnectorSecretConfig, readConnectorConfig } from "@switchboard/db/credentials";
import type { RunnerContext } from "./runner-context.ts";

export interface LoadedLaunch {
  desiredState: DesiredState;
  spec: LaunchSpec;
  /** How the entry hands the access token to the server; decides how a refreshed one is delivered. */
  tokenDeliveries: TokenDelivery["kind"][];
  /** The version of the credential the spec carries; -1 without one. */
  credentialVersion: number;
  /** Every decrypted value, so error messages can be scrubbed before they are stored or logged. */
  secrets: string[];
}

/**
 * Turns the connector row, the catalog entry revision it is pinned to (never the live entry: an
 * admin's edit reaches it only once its owner accepts), its decrypted secret settings and OAuth access
 * token into a launch spec. Null when the connector no longer exists. Throws LaunchSpecError
 * (settings or authorization missing) and StoredCatalogEntryError (stored entry invalid): both permanent.
 */
export async function loadLaunch(
  ctx: Pick<RunnerContext, "prisma" | "secretBox" | "launchOptions">,
  connectorId: string,
): Promise<LoadedLaunch | null> {
  const connector = await ctx.prisma.connector.findUnique({
    where: { id: connectorId },
    include: { ...pinnedEntrySelect, credential: true },
  });
  if (!connector) return null;
  const secretConfig = openConnectorSecretConfig(ctx.secretBox, connector);
  const credential = connector.credential;
  const accessToken = credential
    ? ctx.secretBox.open(credential.accessTokenCiphertext, {
        table: "OAuthCredential",
        column: "accessTokenCiphertext",
        rowId: credential.id,
      })
    : undefined;
  const entry = readCatalogEntry(toPinnedEntryRow(connector));
  const spec = deriveLaunchSpec(
    entry,
    { ...readConnectorConfig(connector.config), ...secretConfig },
    {
      ...(accessToken !== undefined && { accessToken }),
      ...(credential?.expiresAt && { expiresAt: credential.expiresAt }),
    },
    ctx.launchOptions,
  );
  const secrets = [...Object.values(secretConfig).flat().map(String), ...(accessToken ? [accessToken] : [])];
  const tokenDeliveries = isOAuth(entry.auth) ? entry.auth.delivery.map((delivery) => delivery.kind) : [];
  const credentialVersion = credential?.version ?? -1;
  return { desiredState: connector.desiredState, spec, tokenDeliveries, credentialVersion, secrets };
}
