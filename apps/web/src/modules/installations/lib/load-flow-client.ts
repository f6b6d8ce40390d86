import { findClientRegistration, readProviderClient, type StoredClientRegistration } from "@switchboard/db/credentials";
import { createStaticClient, type AuthorizationServerMetadata, type OAuthClient } from "@switchboard/oauth";
import type { ClientReference } from "./flow-context.ts";
import type { OAuthDependencies } from "./oauth-dependencies.ts";

/** The client a flow was started with, decrypted; undefined when it was deleted meanwhile. */
export async function loadFlowClient(
  deps: Pick<OAuthDependencies, "prisma" | "secretBox">,
  reference: ClientReference,
  authorizationServer: AuthorizationServerMetadata,
): Promise<OAuthClient | undefined> {
  if (reference.kind === "provider") {
    const stored = await readProviderClient(deps.prisma, deps.secretBox, reference.providerClientId);
    return stored && createStaticClient(stored, authorizationServer);
  }
  const stored = await findClientRegistration(deps.prisma, deps.secretBox, { id: reference.registrationId });
  return stored && toDynamicClient(stored);
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
