/** A column of a table's primary key, with the Postgres type its values are compared as. */
export interface KeyColumn {
  name: string;
  type: "uuid" | "text";
}

export interface SecretColumn {
  table: string;
  column: string;
  /** The primary key, in index order: re-encryption pages through rows by it. */
  key: readonly KeyColumn[];
  /** The row id each ciphertext is bound to (its AAD), from the row's key values. */
  rowIdOf: (key: Readonly<Record<string, string>>) => string;
}

const uuidKey = { key: [{ name: "id", type: "uuid" }], rowIdOf: (key) => key.id! } satisfies Pick<
  SecretColumn,
  "key" | "rowIdOf"
>;

/**
 * Every column that holds a `SecretBox` envelope. Re-encryption walks this list, and the tests
 * read each of them raw to prove no plaintext is stored. A new secret column must be added here.
 */
export const secretColumns: readonly SecretColumn[] = [
  { table: "Installation", column: "secretConfigCiphertext", ...uuidKey },
  { table: "ProviderClient", column: "clientSecretCiphertext", ...uuidKey },
  { table: "ClientRegistration", column: "clientSecretCiphertext", ...uuidKey },
  { table: "OAuthCredential", column: "accessTokenCiphertext", ...uuidKey },
  { table: "OAuthCredential", column: "refreshTokenCiphertext", ...uuidKey },
  { table: "AuthorizationFlow", column: "codeVerifierCiphertext", ...uuidKey },
  { table: "OAuthSigningKey", column: "privateJwkCiphertext", ...uuidKey },
  // oidc-provider's storage (apps/web prisma-adapter.ts): registered clients' secrets, grants,
  // refresh tokens and sessions, bound to `${kind}/${id}`.
  {
    table: "OidcPayload",
    column: "payloadCiphertext",
    key: [
      { name: "kind", type: "text" },
      { name: "id", type: "text" },
    ],
    rowIdOf: (key) => `${key.kind}/${key.id}`,
  },
];
