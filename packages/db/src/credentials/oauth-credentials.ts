import { randomUUID } from "node:crypto";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { CredentialStatus } from "../generated/prisma/enums.ts";
import type { OAuthCredential } from "../generated/prisma/client.ts";
import type { DbClient } from "./db-client.ts";

/** Which stored client obtained the tokens, so a refresh can use the same one. */
export type CredentialClientReference =
  { kind: "provider"; providerClientId: string } | { kind: "registration"; registrationId: string };

export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string | undefined;
  tokenType: string;
  scope?: string | undefined;
  expiresAt?: Date | undefined;
}

export interface OAuthTokensInput extends OAuthTokens {
  issuer: string;
  tokenEndpoint: string;
  /** The RFC 8707 resource the tokens were requested for. */
  resource?: string | undefined;
  client?: CredentialClientReference | undefined;
}

export interface StoredOAuthCredential extends OAuthTokensInput {
  id: string;
  connectorId: string;
  status: CredentialStatus;
  version: number;
  issuedAt: Date | undefined;
  lastRefreshedAt: Date | undefined;
}

const location = (id: string, column: "accessTokenCiphertext" | "refreshTokenCiphertext") => ({
  table: "OAuthCredential",
  column,
  rowId: id,
});

/** The token columns of credential `id`, encrypted; `refreshToken` undefined clears the stored one. */
export function sealOAuthTokens(box: SecretBox, id: string, tokens: OAuthTokens, issuedAt: Date) {
  return {
    accessTokenCiphertext: box.seal(tokens.accessToken, location(id, "accessTokenCiphertext")),
    refreshTokenCiphertext:
      tokens.refreshToken === undefined ? null : box.seal(tokens.refreshToken, location(id, "refreshTokenCiphertext")),
    tokenType: tokens.tokenType,
    scope: tokens.scope ?? null,
    expiresAt: tokens.expiresAt ?? null,
    issuedAt,
  };
}

/**
 * Stores the tokens of a completed authorization, replacing an earlier credential of the
 * connector (re-authorization): status ACTIVE, failures cleared, version bumped.
 */
export async function saveOAuthCredential(
  prisma: DbClient,
  box: SecretBox,
  connectorId: string,
  tokens: OAuthTokensInput,
) {
  const existing = await prisma.oAuthCredential.findUnique({ where: { connectorId }, select: { id: true } });
  const id = existing?.id ?? randomUUID();
  const data = {
    issuer: tokens.issuer,
    tokenEndpoint: tokens.tokenEndpoint,
    resource: tokens.resource ?? null,
    providerClientId: tokens.client?.kind === "provider" ? tokens.client.providerClientId : null,
    clientRegistrationId: tokens.client?.kind === "registration" ? tokens.client.registrationId : null,
    ...sealOAuthTokens(box, id, tokens, new Date()),
    status: "ACTIVE" as const,
    lastError: null,
    failureCount: 0,
  };
  return existing
    ? prisma.oAuthCredential.update({
        where: { id },
        data: { ...data, version: { increment: 1 } },
        select: { id: true },
      })
    : prisma.oAuthCredential.create({ data: { id, connectorId, ...data }, select: { id: true } });
}

/** The decrypted credential of a connector, for the runner and gateway. */
export async function readOAuthCredential(
  prisma: DbClient,
  box: SecretBox,
  connectorId: string,
): Promise<StoredOAuthCredential | undefined> {
  const row = await prisma.oAuthCredential.findUnique({ where: { connectorId } });
  return row ? openOAuthCredential(box, row) : undefined;
}

/** The decrypted credential with this id (the refresh job knows credentials by id). */
export async function readOAuthCredentialById(
  prisma: DbClient,
  box: SecretBox,
  id: string,
): Promise<StoredOAuthCredential | undefined> {
  const row = await prisma.oAuthCredential.findUnique({ where: { id } });
  return row ? openOAuthCredential(box, row) : undefined;
}

function openOAuthCredential(box: SecretBox, row: OAuthCredential): StoredOAuthCredential {
  return {
    id: row.id,
    connectorId: row.connectorId,
    issuer: row.issuer ?? "",
    tokenEndpoint: row.tokenEndpoint ?? "",
    resource: row.resource ?? undefined,
    client: toClientReference(row),
    accessToken: box.open(row.accessTokenCiphertext, location(row.id, "accessTokenCiphertext")),
    refreshToken:
      row.refreshTokenCiphertext === null
        ? undefined
        : box.open(row.refreshTokenCiphertext, location(row.id, "refreshTokenCiphertext")),
    tokenType: row.tokenType,
    scope: row.scope ?? undefined,
    expiresAt: row.expiresAt ?? undefined,
    status: row.status,
    version: row.version,
    issuedAt: row.issuedAt ?? undefined,
    lastRefreshedAt: row.lastRefreshedAt ?? undefined,
  };
}

function toClientReference(row: OAuthCredential): CredentialClientReference | undefined {
  if (row.providerClientId !== null) return { kind: "provider", providerClientId: row.providerClientId };
  if (row.clientRegistrationId !== null) return { kind: "registration", registrationId: row.clientRegistrationId };
  return undefined;
}
