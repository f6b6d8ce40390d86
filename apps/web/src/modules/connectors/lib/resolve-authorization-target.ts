import { deriveLaunchSpec, isOAuth, type CatalogEntry, type OAuthAuth } from "@switchboard/catalog";
import { toDynamicClient } from "@switchboard/credential-refresh";
import {
  findClientRegistration,
  findProviderClientId,
  readProviderClient,
  saveClientRegistration,
} from "@switchboard/db/credentials";
import {
  createStaticAuthorizationServer,
  createStaticClient,
  discoverAuthorizationServer,
  discoverMcpAuthorization,
  fetchAuthorizationServerMetadata,
  resolveClient,
  selectScopes,
  toCanonicalResourceUri,
  type AuthorizationServerMetadata,
  type OAuthClient,
  type ProtectedResourceMetadata,
} from "@switchboard/oauth";
import { AppError } from "@/server/errors.ts";
import type { ClientReference } from "./flow-context.ts";
import type { OAuthDependencies } from "./oauth-dependencies.ts";

export interface AuthorizationTarget {
  authorizationServer: AuthorizationServerMetadata;
  client: OAuthClient;
  clientReference: ClientReference;
  resource: string | undefined;
  scopes: string[];
  scopeParameter: "scope" | "user_scope" | undefined;
  extraParams: Record<string, string>;
}

interface Discovery {
  authorizationServer: AuthorizationServerMetadata;
  resource: string | undefined;
  protectedResource: ProtectedResourceMetadata | undefined;
}

type ProviderClient = NonNullable<Awaited<ReturnType<typeof readProviderClient>>>;

/**
 * Everything the authorization request needs for an entry's auth kind: the authorization server
 * (static endpoints, issuer discovery or RFC 9728 discovery from the remote URL), the client (the
 * admin's, or a stored or new dynamic registration) and the scopes and resource to request.
 * Talks to the network only through the guarded fetch; stores nothing but a new registration.
 */
export async function resolveAuthorizationTarget(
  deps: OAuthDependencies,
  row: { id: string; entry: CatalogEntry },
  settings: Readonly<Record<string, unknown>>,
): Promise<AuthorizationTarget> {
  const { auth } = row.entry;
  if (!isOAuth(auth)) throw new Error(`${row.entry.id} does not use OAuth`);
  const providerClient = await loadProviderClient(deps, row.id, "providerId" in auth ? auth.providerId : undefined);
  if (!providerClient && auth.kind !== "remote_mcp_dcr") {
    throw new AppError(
      "conflict",
      `${row.entry.name} is not set up yet: an administrator must enter its OAuth client under Admin → OAuth providers.`,
    );
  }
  if (providerClient && providerClient.issuer === undefined) {
    // Saved before clients were bound to an issuer: sending its secret to whatever discovery finds
    // is what the binding prevents.
    throw new AppError(
      "conflict",
      `${row.entry.name} needs its OAuth client saved again: an administrator must confirm its authorization server under Admin → OAuth providers.`,
    );
  }
  const discovery = await discover(deps, auth, row.entry, settings);
  const { authorizationServer } = discovery;
  const { client, clientReference } = providerClient
    ? {
        client: createStaticClient(providerClient, authorizationServer),
        clientReference: { kind: "provider" as const, providerClientId: providerClient.id },
      }
    : await resolveDynamicClient(deps, authorizationServer);
  const configuredScopes = providerClient?.allowedScopes.length
    ? providerClient.allowedScopes
    : auth.defaultScopes.length
      ? auth.defaultScopes
      : auth.scopes;
  return {
    authorizationServer,
    client,
    clientReference,
    resource: discovery.resource,
    scopes: selectScopes({
      configuredScopes,
      scopesSupported: discovery.protectedResource?.scopes_supported,
      authorizationServer,
    }),
    scopeParameter: auth.scopeParameter,
    extraParams: { ...auth.authorizationParams, ...providerClient?.authorizationParams },
  };
}

async function loadProviderClient(
  deps: OAuthDependencies,
  catalogEntryId: string,
  providerKey: string | undefined,
): Promise<ProviderClient | undefined> {
  const id = await findProviderClientId(deps.prisma, catalogEntryId, providerKey);
  return id === undefined ? undefined : readProviderClient(deps.prisma, deps.secretBox, id);
}

async function discover(
  deps: OAuthDependencies,
  auth: OAuthAuth,
  entry: CatalogEntry,
  settings: Readonly<Record<string, unknown>>,
): Promise<Discovery> {
  const { fetch } = deps;
  switch (auth.kind) {
    case "oauth2_generic":
      return {
        authorizationServer: createStaticAuthorizationServer({
          authorizationEndpoint: auth.authorizationUrl,
          tokenEndpoint: auth.tokenUrl,
        }),
        resource: undefined,
        protectedResource: undefined,
      };
    case "mcp_oauth":
      return {
        authorizationServer: auth.discoveryUrl
          ? await fetchAuthorizationServerMetadata(auth.discoveryUrl, { fetch })
          : await discoverAuthorizationServer(auth.issuer, { fetch }),
        resource: undefined,
        protectedResource: undefined,
      };
    case "remote_mcp_static":
    case "remote_mcp_dcr": {
      const serverUrl = renderRemoteUrl(entry, settings);
      if (auth.authorizationServerUrl) {
        return {
          authorizationServer: await discoverAuthorizationServer(auth.authorizationServerUrl, { fetch }),
          resource: toCanonicalResourceUri(serverUrl),
          protectedResource: undefined,
        };
      }
      const challenge = auth.resourceMetadataUrl ? { resourceMetadata: auth.resourceMetadataUrl } : undefined;
      const found = await discoverMcpAuthorization(serverUrl, { fetch, challenge });
      return {
        authorizationServer: found.authorizationServer,
        resource: found.resource,
        protectedResource: found.protectedResource,
      };
    }
  }
}

/** The remote URL with `${user_config.x}` filled in; the token placeholder is never sent anywhere. */
function renderRemoteUrl(entry: CatalogEntry, settings: Readonly<Record<string, unknown>>): string {
  const spec = deriveLaunchSpec(entry, settings, { accessToken: "not-yet-authorized" });
  if (spec.kind !== "remote") throw new Error(`${entry.id} is not a remote server`);
  return spec.url;
}

/** A stored registration for this issuer and redirect URI, or a new one (RFC 7591), stored encrypted. */
async function resolveDynamicClient(deps: OAuthDependencies, authorizationServer: AuthorizationServerMetadata) {
  const { issuer } = authorizationServer;
  const stored = await findClientRegistration(deps.prisma, deps.secretBox, { issuer, redirectUri: deps.redirectUri });
  const storedClient = stored && toDynamicClient(stored);
  const { client } = await resolveClient({
    authorizationServer,
    registrations: storedClient ? { [issuer]: storedClient } : {},
    metadata: { clientName: "Switchboard", redirectUris: [deps.redirectUri] },
    fetch: deps.fetch,
  });
  const registration =
    stored && client === storedClient
      ? stored
      : await saveClientRegistration(deps.prisma, deps.secretBox, {
          issuer,
          redirectUri: deps.redirectUri,
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
          redirectUris: client.redirectUris ?? [deps.redirectUri],
          clientSecretExpiresAt: client.clientSecretExpiresAt,
        });
  return { client, clientReference: { kind: "registration" as const, registrationId: registration.id } };
}
