import { deriveLaunchSpec, type CatalogEntry } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import type { SecretBox } from "@switchboard/db/crypto";
import type { UpstreamTarget } from "./upstream-pool.ts";

export interface UpstreamSettings {
  prisma: PrismaClient;
  secretBox: SecretBox;
  /** Base URL of the runner's internal HTTP server (stdio bridges). */
  runnerUrl: string;
  runnerInternalToken: string;
}

/**
 * Where calls for an installation go: a local server through its runner's stdio bridge, a remote
 * server directly with the installation's current access token (read fresh on every connect).
 */
export async function resolveUpstreamTarget(
  settings: UpstreamSettings,
  installationId: string,
): Promise<UpstreamTarget> {
  const installation = await settings.prisma.installation.findUniqueOrThrow({
    where: { id: installationId },
    include: { catalogEntry: { select: { entry: true, location: true } }, credential: true },
  });
  if (installation.catalogEntry.location !== "remote") {
    return {
      url: new URL(`/bridge/${installation.id}/mcp`, settings.runnerUrl),
      headers: { authorization: `Bearer ${settings.runnerInternalToken}` },
    };
  }
  const secretConfig = installation.secretConfigCiphertext
    ? (JSON.parse(
        settings.secretBox.open(installation.secretConfigCiphertext, {
          table: "Installation",
          column: "secretConfigCiphertext",
          rowId: installation.id,
        }),
      ) as Record<string, unknown>)
    : {};
  const credential = installation.credential;
  const accessToken = credential
    ? settings.secretBox.open(credential.accessTokenCiphertext, {
        table: "OAuthCredential",
        column: "accessTokenCiphertext",
        rowId: credential.id,
      })
    : undefined;
  const spec = deriveLaunchSpec(
    installation.catalogEntry.entry as unknown as CatalogEntry,
    { ...(installation.config as Record<string, unknown>), ...secretConfig },
    accessToken ? { accessToken } : {},
  );
  if (spec.kind !== "remote") throw new Error(`installation ${installation.id} is not a remote server`);
  return { url: new URL(spec.url), headers: spec.headers };
}
