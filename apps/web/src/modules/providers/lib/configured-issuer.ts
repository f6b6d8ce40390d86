import type { OAuthAuth } from "@switchboard/catalog";
import { createStaticAuthorizationServer, deriveIssuerFromMetadataUrl } from "@switchboard/oauth";

/**
 * The authorization server an entry's auth names itself, or undefined when only discovery from
 * the server URL finds it (then the admin states it with the client). The admin's client is bound
 * to this issuer, so a URL a member fills in can never lead its secret elsewhere.
 */
export function findConfiguredIssuer(auth: OAuthAuth): string | undefined {
  switch (auth.kind) {
    case "oauth2_generic":
      return createStaticAuthorizationServer({
        authorizationEndpoint: auth.authorizationUrl,
        tokenEndpoint: auth.tokenUrl,
      }).issuer;
    case "mcp_oauth":
      // Discovery reads the explicit well-known URL when there is one, and checks the issuer it names.
      return auth.discoveryUrl ? deriveIssuerFromMetadataUrl(auth.discoveryUrl) : auth.issuer;
    case "remote_mcp_static":
    case "remote_mcp_dcr":
      return auth.authorizationServerUrl;
  }
}
