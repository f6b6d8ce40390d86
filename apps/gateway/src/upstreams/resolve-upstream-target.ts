import { deriveLaunchSpec, readCatalogEntry } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import { pinnedEntrySelect, toPinnedEntryRow } from "@switchboard/db/catalog-revisions";
import { readInstallationSecretConfig, readOAuthCredential } from "@switchboard/db/credentials";
import type { SecretBox } from "@switchboard/db/crypto";
import type { GuardedRemoteHttp } from "@switchboard/oauth";
import { z } from "zod";
import type { UpstreamTarget } from "./upstream-pool.ts";

const configSchema = z.record(z.string(), z.unknown());

export interface UpstreamSettings {
  prisma: PrismaClient;
  secretBox: SecretBox;
  /** Base URL of the internal HTTP server (stdio bridges) of the runner that owns an installation. */
  runnerUrl: (runnerId: string | null) => Promise<string>;
  runnerInternalToken: string;
  /** How remote servers are reached: their URLs come from catalog entries and member settings, so SSRF-guarded. */
  remote: GuardedRemoteHttp;
}

/**
 * Where calls for an installation go: a local server through its runner's stdio bridge, a remote
 * server directly with the installation's current access token (read fresh on every connect).
 */
export async function resolveUpstreamTarget(
  settings: UpstreamSettings,
  installationId: string,
): Promise<UpstreamTarget> {
  const { prisma, secretBox } = settings;
  const installation = await prisma.installation.findUniqueOrThrow({
    where: { id: installationId },
    select: {
      id: true,
      runnerId: true,
      config: true,
      ...pinnedEntrySelect,
    },
  });
  // The revision the installation is pinned to, not the live entry: an admin's edit of the URL
  // reaches the installation (and its token) only once its owner accepts it.
  const entry = readCatalogEntry(toPinnedEntryRow(installation));
  if (entry.server.type !== "remote") {
    return {
      url: new URL(`/bridge/${installation.id}/mcp`, await settings.runnerUrl(installation.runnerId)),
      headers: { authorization: `Bearer ${settings.runnerInternalToken}` },
    };
  }
  const [secretConfig, credential] = await Promise.all([
    readInstallationSecretConfig(prisma, secretBox, installation.id),
    readOAuthCredential(prisma, secretBox, installation.id),
  ]);
  const spec = deriveLaunchSpec(
    entry,
    { ...configSchema.parse(installation.config), ...secretConfig },
    credential ? { accessToken: credential.accessToken } : {},
  );
  if (spec.kind !== "remote") throw new Error(`installation ${installation.id} is not a remote server`);
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
