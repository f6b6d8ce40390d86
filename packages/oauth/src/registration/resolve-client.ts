import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import { OAuthError } from "../errors.ts";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import type { ClientRegistrations, OAuthClient } from "../types.ts";
import {
  createMetadataDocumentClient,
  isClientMetadataDocumentUrl,
  type ClientMetadata,
} from "./client-metadata-document.ts";
import { createStaticClient, type StaticClientInput } from "./create-static-client.ts";
import { registerClient } from "./register-client.ts";

export interface ResolveClientInput {
  authorizationServer: AuthorizationServerMetadata;
  /** Admin-configured client for this entry or provider. */
  staticClient?: StaticClientInput | undefined;
  /** This platform's Client ID Metadata Document URL, used where the server supports CIMD. */
  clientMetadataDocumentUrl?: string | undefined;
  /** Stored dynamic registrations, keyed by issuer. */
  registrations?: ClientRegistrations | undefined;
  /** What to register with (DCR), and the redirect URIs a stored registration must cover. */
  metadata: ClientMetadata;
  fetch: GuardedFetch;
}

export interface ResolvedClient {
  client: OAuthClient;
  /** The registrations to store: the input ones plus any made now. */
  registrations: ClientRegistrations;
}

/**
 * MCP's registration order: a pre-registered client, then a Client ID Metadata Document (when
 * the server advertises support), then a stored registration for this issuer, then RFC 7591
 * dynamic registration, and otherwise an error asking for an admin-configured client.
 */
export async function resolveClient(input: ResolveClientInput): Promise<ResolvedClient> {
  const { authorizationServer, metadata } = input;
  const registrations = input.registrations ?? {};

  if (input.staticClient) {
    return { client: createStaticClient(input.staticClient, authorizationServer), registrations };
  }
  if (authorizationServer.client_id_metadata_document_supported && input.clientMetadataDocumentUrl) {
    if (!isClientMetadataDocumentUrl(input.clientMetadataDocumentUrl)) {
      throw new OAuthError(
        "invalid_configuration",
        "The client metadata document URL must be an https URL with a path.",
      );
    }
    return { client: createMetadataDocumentClient(input.clientMetadataDocumentUrl), registrations };
  }
  const stored = registrations[authorizationServer.issuer];
  if (stored && isReusable(stored, authorizationServer.issuer, metadata.redirectUris)) {
    return { client: stored, registrations };
  }
  if (authorizationServer.registration_endpoint) {
    const client = await registerClient(authorizationServer, metadata, { fetch: input.fetch });
    return { client, registrations: { ...registrations, [authorizationServer.issuer]: client } };
  }
  throw new OAuthError(
    "registration_unavailable",
    `${new URL(authorizationServer.issuer).host} supports no automatic client registration: an administrator must configure a client ID and secret.`,
  );
}

function isReusable(client: OAuthClient, issuer: string, redirectUris: readonly string[], now = Date.now()): boolean {
  const expired =
    client.clientSecretExpiresAt !== undefined &&
    client.clientSecretExpiresAt !== 0 &&
    client.clientSecretExpiresAt * 1000 <= now;
  const coversRedirects = redirectUris.every((uri) => client.redirectUris?.includes(uri) ?? false);
  return client.issuer === issuer && !expired && coversRedirects;
}
