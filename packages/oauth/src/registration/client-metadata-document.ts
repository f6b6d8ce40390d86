import type { OAuthClient } from "../types.ts";

export interface ClientMetadata {
  clientName: string;
  redirectUris: readonly string[];
  /** Space-separated scopes to register, when the server should know them up front. */
  scope?: string | undefined;
  clientUri?: string | undefined;
  logoUri?: string | undefined;
}

/** A Client ID Metadata Document URL must be https and have a path (MCP 2025-11-25). */
export function isClientMetadataDocumentUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  return parsed.protocol === "https:" && parsed.pathname !== "/" && parsed.hash === "";
}

/** The RFC 7591 metadata this platform registers itself with, shared by CIMD and DCR. */
export function toRegistrationMetadata(metadata: ClientMetadata): Record<string, unknown> {
  return {
    application_type: "web",
    client_name: metadata.clientName,
    redirect_uris: [...metadata.redirectUris],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    ...(metadata.scope && { scope: metadata.scope }),
    ...(metadata.clientUri && { client_uri: metadata.clientUri }),
    ...(metadata.logoUri && { logo_uri: metadata.logoUri }),
  };
}

/**
 * The JSON document the web app serves at `clientId` (its Client ID Metadata Document URL).
 * Its `client_id` equals the URL it is served from, as authorization servers verify.
 */
export function buildClientMetadataDocument(clientId: string, metadata: ClientMetadata): Record<string, unknown> {
  return { client_id: clientId, ...toRegistrationMetadata(metadata), token_endpoint_auth_method: "none" };
}

/** A client identified by its metadata document URL: public, valid with any server that supports CIMD. */
export function createMetadataDocumentClient(clientId: string): OAuthClient {
  return { clientId, tokenEndpointAuthMethod: "none", registration: "metadata_document" };
}
