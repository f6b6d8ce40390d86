import { OAuthError } from "../errors.ts";
import { authorizationServerMetadataSchema, type AuthorizationServerMetadata } from "./metadata-schemas.ts";

export interface StaticAuthorizationServerInput {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint?: string | undefined;
  /**
   * The provider's issuer, if it has one. Defaults to the token endpoint's origin, which only
   * keys stored registrations: set it for providers that send an RFC 9207 `iss` parameter.
   */
  issuer?: string | undefined;
}

/**
 * Metadata for a generic OAuth 2.0 provider configured with static endpoints (a catalog entry
 * of type 1, e.g. Slack), where there is nothing to discover.
 */
export function createStaticAuthorizationServer(input: StaticAuthorizationServerInput): AuthorizationServerMetadata {
  const parsed = authorizationServerMetadataSchema.safeParse({
    issuer: input.issuer ?? safeOrigin(input.tokenEndpoint),
    authorization_endpoint: input.authorizationEndpoint,
    token_endpoint: input.tokenEndpoint,
    ...(input.revocationEndpoint !== undefined && { revocation_endpoint: input.revocationEndpoint }),
    // Without a known issuer, the host the user signs in at may name itself in `iss`: Google sends
    // https://accounts.google.com while its token endpoint is on oauth2.googleapis.com.
    ...(input.issuer === undefined && { switchboard_response_issuers: [safeOrigin(input.authorizationEndpoint)] }),
  });
  if (!parsed.success) {
    throw new OAuthError("invalid_configuration", "The provider's OAuth endpoints are not valid URLs.");
  }
  return parsed.data;
}

function safeOrigin(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : "";
}
