import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { DbClient } from "./db-client.ts";

/** A dynamic client registration (RFC 7591) as the OAuth engine uses it. */
export interface StoredClientRegistration {
  id: string;
  issuer: string;
  redirectUri: string;
  clientId: string;
  clientSecret: string | undefined;
  tokenEndpointAuthMethod: "client_secret_basic" | "client_secret_post" | "none";
  redirectUris: string[];
  clientSecretExpiresAt: number | undefined;
}

export type ClientRegistrationInput = Omit<StoredClientRegistration, "id">;

const metadataSchema = z.object({
  tokenEndpointAuthMethod: z.enum(["client_secret_basic", "client_secret_post", "none"]),
  redirectUris: z.array(z.string()),
  clientSecretExpiresAt: z.number().optional(),
});

const location = (id: string) => ({ table: "ClientRegistration", column: "clientSecretCiphertext", rowId: id });

/** The stored registration with `issuer` for `redirectUri`, decrypted. */
export async function findClientRegistration(
  prisma: DbClient,
  box: SecretBox,
  where: { issuer: string; redirectUri: string } | { id: string },
): Promise<StoredClientRegistration | undefined> {
  const row = await prisma.clientRegistration.findUnique({
    where: "id" in where ? { id: where.id } : { issuer_redirectUri: where },
  });
  if (!row) return undefined;
  const metadata = metadataSchema.parse(row.metadata);
  return {
    id: row.id,
    issuer: row.issuer,
    redirectUri: row.redirectUri,
    clientId: row.clientId,
    clientSecret:
      row.clientSecretCiphertext === null ? undefined : box.open(row.clientSecretCiphertext, location(row.id)),
    tokenEndpointAuthMethod: metadata.tokenEndpointAuthMethod,
    redirectUris: metadata.redirectUris,
    clientSecretExpiresAt: metadata.clientSecretExpiresAt,
  };
}

/** Stores a registration, replacing an older one for the same issuer and redirect URI. */
export async function saveClientRegistration(
  prisma: DbClient,
  box: SecretBox,
  input: ClientRegistrationInput,
): Promise<StoredClientRegistration> {
  const key = { issuer: input.issuer, redirectUri: input.redirectUri };
  const existing = await prisma.clientRegistration.findUnique({ where: { issuer_redirectUri: key } });
  const id = existing?.id ?? randomUUID();
  const data = {
    clientId: input.clientId,
    clientSecretCiphertext: input.clientSecret === undefined ? null : box.seal(input.clientSecret, location(id)),
    metadata: {
      tokenEndpointAuthMethod: input.tokenEndpointAuthMethod,
      redirectUris: input.redirectUris,
      ...(input.clientSecretExpiresAt !== undefined && { clientSecretExpiresAt: input.clientSecretExpiresAt }),
    },
  };
  await (existing
    ? prisma.clientRegistration.update({ where: { id }, data })
    : prisma.clientRegistration.create({ data: { id, ...key, ...data } }));
  return { id, ...input };
}

/**
 * Forgets a registration its authorization server no longer accepts (`invalid_client`), so the
 * next authorization registers anew; credentials that used it lose their client reference.
 */
export async function deleteClientRegistration(prisma: DbClient, id: string): Promise<void> {
  await prisma.clientRegistration.deleteMany({ where: { id } });
}
