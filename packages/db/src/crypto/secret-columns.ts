/**
 * Every column that holds a `SecretBox` envelope. Re-encryption walks this list, and the tests
 * read each of them raw to prove no plaintext is stored. A new secret column must be added here.
 */
export const secretColumns = [
  { table: "Installation", column: "secretConfigCiphertext" },
  { table: "ProviderClient", column: "clientSecretCiphertext" },
  { table: "ClientRegistration", column: "clientSecretCiphertext" },
  { table: "OAuthCredential", column: "accessTokenCiphertext" },
  { table: "OAuthCredential", column: "refreshTokenCiphertext" },
  { table: "AuthorizationFlow", column: "codeVerifierCiphertext" },
  { table: "OAuthSigningKey", column: "privateJwkCiphertext" },
] as const;

export type SecretColumn = (typeof secretColumns)[number];
