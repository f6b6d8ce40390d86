import { randomUUID } from "node:crypto";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { CredentialStatus } from "../generated/prisma/enums.ts";
import type { DbClient } from "./db-client.ts";

export interface OAuthTokensInput {
  accessToken: string;
  refreshToken?: string | undefined;
  tokenType: string;
  scope?: string | undefined;
  expiresAt?: Date | undefined;
  issuer: string;
  tokenEndpoint: string;
}

export interface StoredOAuthCredential extends OAuthTokensInput {
  id: string;
  installationId: string;
  status: CredentialStatus;
  version: number;
}

const location = (id: string, column: "accessTokenCiphertext" | "refreshTokenCiphertext") => ({
  table: "OAuthCredential",
  column,
  rowId: id,
});

/**
 * Stores the tokens of a completed authorization, replacing an earlier credential of the
 * installation (re-authorization): status ACTIVE, failures cleared, version bumped.
 */
export async function saveOAuthCredential(
  prisma: DbClient,
  box: SecretBox,
  installationId: string,
  tokens: OAuthTokensInput,
) {
  const existing = await prisma.oAuthCredential.findUnique({ where: { installationId }, select: { id: true } });
  const id = existing?.id ?? randomUUID();
  const data = {
    issuer: tokens.issuer,
    tokenEndpoint: tokens.tokenEndpoint,
    accessTokenCiphertext: box.seal(tokens.accessToken, location(id, "accessTokenCiphertext")),
    refreshTokenCiphertext:
      tokens.refreshToken === undefined ? null : box.seal(tokens.refreshToken, location(id, "refreshTokenCiphertext")),
    tokenType: tokens.tokenType,
    scope: tokens.scope ?? null,
    expiresAt: tokens.expiresAt ?? null,
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
    : prisma.oAuthCredential.create({ data: { id, installationId, ...data }, select: { id: true } });
}

/** The decrypted credential of an installation, for the runner and gateway. */
export async function readOAuthCredential(
  prisma: DbClient,
  box: SecretBox,
  installationId: string,
): Promise<StoredOAuthCredential | undefined> {
  const row = await prisma.oAuthCredential.findUnique({ where: { installationId } });
  if (!row) return undefined;
  return {
    id: row.id,
    installationId: row.installationId,
    issuer: row.issuer ?? "",
    tokenEndpoint: row.tokenEndpoint ?? "",
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
  };
}
