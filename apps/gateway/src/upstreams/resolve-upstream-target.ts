import { deriveLaunchSpec, readCatalogEntry } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import { pinnedEntrySelect, toPinnedEntryRow } from "@switchboard/db/catalog-revisions";
import { readConnectorConfig, readConnectorSecretConfig, readOAuthCredential } from "@switchboard/db/credentials";
import type { SecretBox } from "@switchboard/db/crypto";
import type { GuardedRemoteHttp } from "@switchboard/oauth";
import type { UpstreamTarget } from "./upstream-pool.ts";

export interface UpstreamSettings {
  prisma: PrismaClient;
  secretBox: SecretBox;
  /** Base URL of the internal HTTP server (stdio bridges) of the runner that owns a connector. */
  runnerUrl: (runnerId: string | null) => Promise<string>;
  runnerInternalToken: string;
  /** How remote servers are reached: their URLs come from catalog entries and member settings, so SSRF-guarded. */
  remote: GuardedRemoteHttp;
}

/**
 * Where calls for a connector go: a local server through its runner's stdio bridge, a remote
 * server directly with the connector's current access token (read fresh on every connect).
 */
export async function resolveUpstreamTarget(settings: UpstreamSettings, connectorId: string): Promise<UpstreamTarget> {
  const { prisma, secretBox } = settings;
  const connector = await prisma.connector.findUniqueOrThrow({
    where: { id: connectorId },
    select: {
      id: true,
      runnerId: true,
      config: true,
      ...pinnedEntrySelect,
    },
  });
  // The revision the connector is pinned to, not the live entry: an admin's edit of the URL
  // reaches the connector (and its token) only once its owner accepts it.
  const entry = readCatalogEntry(toPinnedEntryRow(connector));
  if (entry.server.type !== "remote") {
    return {
      url: new URL(`/bridge/${connector.id}/mcp`, await settings.runnerUrl(connector.runnerId)),
      headers: { authorization: `Bearer ${settings.runnerInternalToken}` },
    };
  }
  const [secretConfig, credential] = await Promise.all([
    readConnectorSecretConfig(prisma, secretBox, connector.id),
    readOAuthCredential(prisma, secretBox, connector.id),
  ]);
  const spec = deriveLaunchSpec(
    entry,
    { ...readConnectorConfig(connector.config), ...secretConfig },
    credential ? { accessToken: credential.accessToken } : {},
  );
  if (spec.kind !== "remote") throw new Error(`connector ${connector.id} is not a remote server`);
  const url = new URL(spec.url);
  return {
    url,
    headers: spec.headers,
    fetch: settings.remote.fetch,
    dispatcher: settings.remote.dispatcherFor(url),
    transport: spec.transport,
    ...(credential
      ? { credential: { id: credential.id, accessToken: credential.accessToken, version: credential.version } }
      : {}),
  };
}
