import type { Prisma, PrismaClient } from "@switchboard/db";
import type { SecretBox } from "@switchboard/db/crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";

/** RS256: every client library verifies it, and verifying costs the gateway a few microseconds. */
export const ACCESS_TOKEN_ALG = "RS256";

/**
 * The private JWKs the provider signs with, creating the first on first use. The gateway reads the
 * public halves from the same table. Keys are never rotated automatically yet; a new row is picked
 * up by the gateway on the first token that names its `kid`.
 */
export async function loadSigningKeys(prisma: PrismaClient, secretBox: SecretBox): Promise<JWK[]> {
  let rows = await prisma.oAuthSigningKey.findMany({ orderBy: { createdAt: "desc" } });
  if (rows.length === 0) {
    await createSigningKey(prisma, secretBox);
    rows = await prisma.oAuthSigningKey.findMany({ orderBy: { createdAt: "desc" } });
  }
  return rows.map(
    (row) =>
      JSON.parse(
        secretBox.open(row.privateJwkCiphertext, {
          table: "OAuthSigningKey",
          column: "privateJwkCiphertext",
          rowId: row.id,
        }),
      ) as JWK,
  );
}

async function createSigningKey(prisma: PrismaClient, secretBox: SecretBox): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair(ACCESS_TOKEN_ALG, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const id = crypto.randomUUID();
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ACCESS_TOKEN_ALG, use: "sig" };
  await prisma.oAuthSigningKey.create({
    data: {
      id,
      kid,
      publicJwk: { ...publicJwk, kid, alg: ACCESS_TOKEN_ALG, use: "sig" } as Prisma.InputJsonValue,
      privateJwkCiphertext: secretBox.seal(JSON.stringify(privateJwk), {
        table: "OAuthSigningKey",
        column: "privateJwkCiphertext",
        rowId: id,
      }),
    },
  });
}
