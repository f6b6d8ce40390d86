import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@switchboard/db";
import { saveOAuthCredential, saveProviderClient } from "@switchboard/db/credentials";
import type { SecretBox } from "@switchboard/db/crypto";
import {
  beginAuthorization,
  completeAuthorization,
  createGuardedFetch,
  createStaticClient,
  discoverAuthorizationServer,
  type TokenSet,
} from "@switchboard/oauth";
import type { TestProvider } from "@switchboard/oauth/testing";

export interface SeedOAuthCredentialOptions {
  catalogEntryId: string;
  ownerUserId: string;
  teamId?: string;
  /** Stored instead of the provider's token endpoint, e.g. a proxy a test can take down. */
  tokenEndpoint?: string;
}

export interface SeededCredential {
  connectorId: string;
  credentialId: string;
  tokens: TokenSet;
}

/**
 * A connector with a credential obtained through a real authorization code flow against the
 * test provider, with an admin's static client, stored as the web callback stores it.
 */
export async function seedOAuthCredential(
  prisma: PrismaClient,
  box: SecretBox,
  provider: TestProvider,
  options: SeedOAuthCredentialOptions,
): Promise<SeededCredential> {
  const fetch = createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [provider.host] });
  const authorizationServer = await discoverAuthorizationServer(provider.issuer, { fetch });
  const stored = provider.clients.basic;
  const providerClient = await saveProviderClient(
    prisma,
    box,
    { providerKey: `test-${randomUUID().slice(0, 8)}` },
    {
      clientId: stored.clientId,
      issuer: authorizationServer.issuer,
      tokenEndpointAuthMethod: stored.tokenEndpointAuthMethod,
      authorizationParams: {},
      allowedScopes: [],
    },
    stored.clientSecret,
  );
  const client = createStaticClient({ ...stored, issuer: authorizationServer.issuer }, authorizationServer);
  const resource = `http://127.0.0.1:1/mcp/${randomUUID()}`;
  const { authorizationUrl, flowState } = await beginAuthorization({
    authorizationServer,
    client,
    redirectUri: provider.redirectUri,
    resource,
    scopes: ["mcp:read"],
  });
  const callback = await provider.authorize(authorizationUrl);
  const tokens = await completeAuthorization(flowState, callback.searchParams, client, { authorizationServer, fetch });

  const connector = await prisma.connector.create({
    data: {
      catalogEntryId: options.catalogEntryId,
      scope: options.teamId ? "TEAM" : "PERSONAL",
      ownerUserId: options.ownerUserId,
      teamId: options.teamId ?? null,
      name: "oauth connector",
      status: "QUEUED",
    },
  });
  const credential = await saveOAuthCredential(prisma, box, connector.id, {
    ...tokens,
    issuer: authorizationServer.issuer,
    tokenEndpoint: options.tokenEndpoint ?? authorizationServer.token_endpoint,
    resource,
    client: { kind: "provider", providerClientId: providerClient.id },
  });
  return { connectorId: connector.id, credentialId: credential.id, tokens };
}
