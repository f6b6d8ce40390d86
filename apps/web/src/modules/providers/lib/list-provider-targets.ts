import { readCatalogEntry } from "@switchboard/catalog";
import type { PrismaClient, TokenEndpointAuthMethod } from "@switchboard/db";
import { requireInstanceAdmin, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { CLIENT_AUTH_KINDS, toTargetKey } from "./provider-target.ts";

export interface ProviderTarget {
  key: string;
  title: string;
  entryNames: string[];
  /** Entries with dynamic registration work without a client; one set here is used instead. */
  optional: boolean;
  knownScopes: string[];
  client: {
    clientId: string;
    issuer: string | null;
    tokenEndpointAuthMethod: TokenEndpointAuthMethod;
    authorizationParams: Record<string, string>;
    allowedScopes: string[];
    /** Whether a secret is stored; the secret itself never leaves the server. */
    hasSecret: boolean;
  } | null;
}

/** Every OAuth catalog entry or provider an admin can configure a client for, with what is set. */
export async function listProviderTargets(prisma: PrismaClient, actor: Actor): Promise<ProviderTarget[]> {
  requireInstanceAdmin(actor);
  const [rows, clients] = await Promise.all([
    prisma.catalogEntry.findMany({
      where: { authKind: { in: [...CLIENT_AUTH_KINDS] } },
      select: { id: true, slug: true, entry: true },
      orderBy: { name: "asc" },
    }),
    prisma.providerClient.findMany(),
  ]);
  const targets = new Map<string, ProviderTarget>();
  for (const row of rows) {
    const entry = readCatalogEntry(row);
    const key = toTargetKey(entry);
    const stored = clients.find((client) =>
      key.startsWith("provider:")
        ? client.providerKey === key.slice("provider:".length)
        : client.catalogEntryId === row.id,
    );
    const target = targets.get(key) ?? {
      key,
      title: key.startsWith("provider:") ? key.slice("provider:".length) : entry.name,
      entryNames: [],
      optional: true,
      knownScopes: [],
      client: stored
        ? {
            clientId: stored.clientId,
            issuer: stored.issuer,
            tokenEndpointAuthMethod: stored.tokenEndpointAuthMethod,
            authorizationParams: stored.authorizationParams as Record<string, string>,
            allowedScopes: stored.allowedScopes,
            hasSecret: stored.clientSecretCiphertext !== null,
          }
        : null,
    };
    target.entryNames.push(entry.name);
    target.optional &&= entry.auth.kind === "remote_mcp_dcr";
    if ("scopes" in entry.auth) target.knownScopes = [...new Set([...target.knownScopes, ...entry.auth.scopes])];
    targets.set(key, target);
  }
  return [...targets.values()];
}

export async function getProviderTarget(prisma: PrismaClient, actor: Actor, key: string) {
  const target = (await listProviderTargets(prisma, actor)).find((candidate) => candidate.key === key);
  if (!target) throw new AppError("not_found", "No OAuth catalog entry uses this provider.");
  return target;
}
