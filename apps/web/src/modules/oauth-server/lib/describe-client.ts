import type { ClientMetadata } from "oidc-provider";

export interface ClientDescription {
  clientId: string;
  name: string;
  logoUri: string | null;
  /** The host that served the client's metadata document: who the client really is. Null when self-registered. */
  verifiedHost: string | null;
}

/** What the consent page and "Connected apps" say about a client. */
export function describeClient(metadata: ClientMetadata, fromMetadataDocument: boolean): ClientDescription {
  const verifiedHost = fromMetadataDocument ? (URL.parse(metadata.client_id)?.host ?? null) : null;
  return {
    clientId: metadata.client_id,
    name: typeof metadata.client_name === "string" && metadata.client_name ? metadata.client_name : metadata.client_id,
    logoUri:
      typeof metadata.logo_uri === "string" && metadata.logo_uri.startsWith("https://") ? metadata.logo_uri : null,
    verifiedHost,
  };
}
