import {
  findClientRegistration,
  readProviderClient,
  type CredentialClientReference,
  type DbClient,
} from "@switchboard/db/credentials";
import type { SecretBox } from "@switchboard/db/crypto";
import { createStaticClient, type AuthorizationServerMetadata, type OAuthClient } from "@switchboard/oauth";
import { toDynamicClient } from "./stored-client.ts";

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
