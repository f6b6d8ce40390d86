import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";

export const ID_JAG_GRANT_PROFILE = "urn:ietf:params:oauth:grant-profile:id-jag";
export const JWT_BEARER_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/**
 * Whether an authorization server redeems Identity Assertion JWT Authorization Grants
 * (enterprise-managed authorization). It says so in `authorization_grant_profiles_supported`;
 * servers that predate that member only list the JWT bearer grant, which is then taken as
 * support: a server that turns the ID-JAG down answers `invalid_grant`, and the caller falls
 * back to the authorization code flow.
 */
export function supportsIdJag(
  metadata: Pick<AuthorizationServerMetadata, "grant_types_supported" | "authorization_grant_profiles_supported">,
): boolean {
  if (metadata.authorization_grant_profiles_supported !== undefined) {
    return metadata.authorization_grant_profiles_supported.includes(ID_JAG_GRANT_PROFILE);
  }
  return metadata.grant_types_supported?.includes(JWT_BEARER_GRANT_TYPE) ?? false;
}
