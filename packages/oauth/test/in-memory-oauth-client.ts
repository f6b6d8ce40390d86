import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";

/**
 * The MCP SDK's client side of OAuth as `auth()` drives it, keeping everything in memory: an MCP
 * client in a test. The redirect is only recorded; the test's browser opens it. Identified by a
 * Client ID Metadata Document when `clientMetadataUrl` is given, by `preregistered` credentials
 * when those are, else it registers itself (DCR).
 */
export class InMemoryOAuthClient implements OAuthClientProvider {
  authorizationUrl: URL | undefined;
  private information: OAuthClientInformationMixed | undefined;
  private tokenSet: OAuthTokens | undefined;
  private verifier = "";

  readonly redirectUrl: string;
  readonly clientMetadataUrl: string | undefined;

  constructor(redirectUrl: string, clientMetadataUrl?: string, preregistered?: OAuthClientInformationMixed) {
    this.redirectUrl = redirectUrl;
    this.clientMetadataUrl = clientMetadataUrl;
    this.information = preregistered;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "Test MCP Client",
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }

  clientInformation() {
    return this.information;
  }
  saveClientInformation(information: OAuthClientInformationMixed) {
    this.information = information;
  }
  tokens() {
    return this.tokenSet;
  }
  saveTokens(tokens: OAuthTokens) {
    this.tokenSet = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}
