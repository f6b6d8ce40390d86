import type { StoredClientRegistration } from "@switchboard/db/credentials";
import type { OAuthClient } from "@switchboard/oauth";

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
