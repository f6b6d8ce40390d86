import {
  findClientRegistration,
  readProviderClient,
  type CredentialClientReference,
  type DbClient,
  type StoredClientRegistration,
} from "@switchboard/db/credentials";
import type { SecretBox } from "@switchboard/db/crypto";
import { createStaticClient, type AuthorizationServerMetadata, type OAuthClient } from "@switchboard/oauth";

/**
 * The stored client a flow or credential refers to, decrypted: an admin's static client or a
 * dynamic registration. Undefined when it was deleted meanwhile.
 */
export async function loadOAuthClient(
  prisma: DbClient,
  box: SecretBox,
  reference: CredentialClientReference,
  authorizationServer?: AuthorizationServerMetadata,
): Promise<OAuthClient | undefined> {
  if (reference.kind === "provider") {
    const stored = await readProviderClient(prisma, box, reference.providerClientId);
    return stored && createStaticClient(stored, authorizationServer);
  }
  const stored = await findClientRegistration(prisma, box, { id: reference.registrationId });
  return stored && toDynamicClient(stored);
}

/**
 * Whether the client is bound to the authorization server it was registered with. Admins' clients
 * saved before issuers were recorded are not: their secret must not be sent anywhere until an admin
 * saves the client again (which records its issuer).
 */
export function isIssuerBound(client: OAuthClient): boolean {
  return client.issuer !== undefined;
}

export function toDynamicClient(stored: StoredClientRegistration): OAuthClient {
  return {
    clientId: stored.clientId,
    clientSecret: stored.clientSecret,
    tokenEndpointAuthMethod: stored.tokenEndpointAuthMethod,
    registration: "dynamic",
    issuer: stored.issuer,
    redirectUris: stored.redirectUris,
    clientSecretExpiresAt: stored.clientSecretExpiresAt,
  };
}
