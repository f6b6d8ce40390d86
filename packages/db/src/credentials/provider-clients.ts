import { randomUUID } from "node:crypto";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { TokenEndpointAuthMethod } from "../generated/prisma/enums.ts";
import type { DbClient } from "./db-client.ts";

/** Credentials belong to one catalog entry, or to a provider whose entries share them. */
export type ProviderClientOwner = { catalogEntryId: string } | { providerKey: string };

export interface ProviderClientSettings {
  clientId: string;
  /** The authorization server the client was registered with; the client is refused anywhere else. */
  issuer: string;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  authorizationParams: Record<string, string>;
  allowedScopes: string[];
}

export interface ProviderClientCredentials extends Omit<ProviderClientSettings, "issuer"> {
  id: string;
  /** Undefined for a client saved before issuers were recorded: it must be saved again before use. */
  issuer: string | undefined;
  clientSecret: string | undefined;
}

const location = (id: string) => ({ table: "ProviderClient", column: "clientSecretCiphertext", rowId: id });

const whereOwner = (owner: ProviderClientOwner) =>
  "catalogEntryId" in owner ? { catalogEntryId: owner.catalogEntryId } : { providerKey: owner.providerKey };

/**
 * Creates or updates the client of `owner`. `clientSecret`: a string replaces the stored secret,
 * null removes it, undefined keeps it (the admin form is write-only).
 */
export async function saveProviderClient(
  prisma: DbClient,
  box: SecretBox,
  owner: ProviderClientOwner,
  settings: ProviderClientSettings,
  clientSecret: string | null | undefined,
) {
  const existing = await prisma.providerClient.findFirst({ where: whereOwner(owner), select: { id: true } });
  const id = existing?.id ?? randomUUID();
  const secret =
    clientSecret === undefined
      ? {}
      : { clientSecretCiphertext: clientSecret === null ? null : box.seal(clientSecret, location(id)) };
  const data = { ...settings, ...secret };
  return existing
    ? prisma.providerClient.update({ where: { id }, data, select: { id: true } })
    : prisma.providerClient.create({ data: { id, ...whereOwner(owner), ...data }, select: { id: true } });
}

/** Decrypted client credentials by row id, for the OAuth engine only (never for display). */
export async function readProviderClient(
  prisma: DbClient,
  box: SecretBox,
  id: string,
): Promise<ProviderClientCredentials | undefined> {
  const row = await prisma.providerClient.findUnique({ where: { id } });
  if (!row) return undefined;
  return {
    id: row.id,
    clientId: row.clientId,
    issuer: row.issuer ?? undefined,
    clientSecret: row.clientSecretCiphertext === null ? undefined : box.open(row.clientSecretCiphertext, location(id)),
    tokenEndpointAuthMethod: row.tokenEndpointAuthMethod,
    authorizationParams: row.authorizationParams as Record<string, string>,
    allowedScopes: row.allowedScopes,
  };
}

/** The client for an entry: its own if set, else its provider's shared one. */
export async function findProviderClientId(
  prisma: DbClient,
  catalogEntryId: string,
  providerKey: string | undefined,
): Promise<string | undefined> {
  const owners = [{ catalogEntryId }, ...(providerKey ? [{ providerKey }] : [])];
  const rows = await prisma.providerClient.findMany({
    where: { OR: owners },
    select: { id: true, catalogEntryId: true },
  });
  return (rows.find((row) => row.catalogEntryId === catalogEntryId) ?? rows[0])?.id;
}
