export type TokenEndpointAuthMethod = "client_secret_basic" | "client_secret_post" | "none";

/**
 * An OAuth client as this package uses it. Registered clients (dynamic or metadata-document)
 * carry the issuer they belong to and must never be used with another authorization server.
 */
export interface OAuthClient {
  clientId: string;
  clientSecret?: string | undefined;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** How the client came to be: configured by an admin, a Client ID Metadata Document URL, or RFC 7591. */
  registration: "static" | "metadata_document" | "dynamic";
  /** The issuer the client belongs to (registered clients, and static ones an admin bound to one). */
  issuer?: string | undefined;
  /** Redirect URIs the client was registered with (dynamic registration). */
  redirectUris?: string[] | undefined;
  /** RFC 7591 `client_secret_expires_at` in epoch seconds; 0 or absent means never. */
  clientSecretExpiresAt?: number | undefined;
}

/** Dynamic registrations keyed by issuer, for the caller to store and pass back. */
export type ClientRegistrations = Readonly<Record<string, OAuthClient>>;

export interface TokenSet {
  accessToken: string;
  refreshToken?: string | undefined;
  expiresAt?: Date | undefined;
  /** Space-separated granted scopes (the requested ones when the server did not say). */
  scope?: string | undefined;
  /** Lower-cased, always "bearer". */
  tokenType: string;
  idToken?: string | undefined;
}
