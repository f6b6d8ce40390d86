export { OAuthError, isOAuthError, type OAuthErrorCode, type OAuthErrorDetails } from "./errors.ts";
export type { ClientRegistrations, OAuthClient, TokenEndpointAuthMethod, TokenSet } from "./types.ts";

export { createGuardedFetch, type GuardedFetch, type GuardedFetchPolicy } from "./ssrf/guarded-fetch.ts";
export {
  createGuardedRemoteHttp,
  createGuardedStreamingFetch,
  type GuardedRemoteHttp,
  type GuardedStreamingFetchPolicy,
} from "./ssrf/guarded-streaming-fetch.ts";
export { classifyAddress, isPublicAddress } from "./ssrf/classify-address.ts";
export { parseDestinationAllowlist, type DestinationAllowlist } from "./ssrf/destination-allowlist.ts";

export {
  parseAuthChallenges,
  parseBearerChallenge,
  type AuthChallenge,
  type BearerChallenge,
} from "./discovery/parse-www-authenticate.ts";
export { probeAuthChallenge } from "./discovery/probe-auth-challenge.ts";
export { deriveIssuerFromMetadataUrl, toCanonicalResourceUri } from "./discovery/well-known-urls.ts";
export { discoverProtectedResource } from "./discovery/discover-protected-resource.ts";
export {
  discoverAuthorizationServer,
  fetchAuthorizationServerMetadata,
} from "./discovery/discover-authorization-server.ts";
export {
  discoverMcpAuthorization,
  type DiscoverMcpAuthorizationOptions,
  type McpAuthorizationDiscovery,
} from "./discovery/discover-mcp-authorization.ts";
export {
  createStaticAuthorizationServer,
  type StaticAuthorizationServerInput,
} from "./discovery/create-static-authorization-server.ts";
export type { AuthorizationServerMetadata, ProtectedResourceMetadata } from "./discovery/metadata-schemas.ts";

export { createStaticClient, type StaticClientInput } from "./registration/create-static-client.ts";
export {
  buildClientMetadataDocument,
  isClientMetadataDocumentUrl,
  type ClientMetadata,
} from "./registration/client-metadata-document.ts";
export { registerClient } from "./registration/register-client.ts";
export { resolveClient, type ResolveClientInput, type ResolvedClient } from "./registration/resolve-client.ts";

export {
  computeStepUpScopes,
  mergeScopes,
  selectScopes,
  splitScopes,
  type ScopeSelectionInput,
} from "./authorization/scopes.ts";
export {
  beginAuthorization,
  type AuthorizationStart,
  type BeginAuthorizationInput,
} from "./authorization/begin-authorization.ts";
export { completeAuthorization, type CompleteAuthorizationOptions } from "./authorization/complete-authorization.ts";
export type { AuthorizationFlowState } from "./authorization/flow-state.ts";

export { refreshTokens, type RefreshOptions, type TokenEndpointMetadata } from "./tokens/refresh-tokens.ts";
export { revokeToken, type RevokeOptions } from "./tokens/revoke-token.ts";
export { parseRetryAfter } from "./tokens/parse-retry-after.ts";

export { ID_JAG_GRANT_PROFILE, JWT_BEARER_GRANT_TYPE, supportsIdJag } from "./enterprise/supports-id-jag.ts";
export {
  ID_JAG_TOKEN_TYPE,
  requestIdJag,
  type IdJag,
  type IdJagRequest,
  type RequestIdJagOptions,
} from "./enterprise/request-id-jag.ts";
export { exchangeIdJag, type ExchangeIdJagOptions } from "./enterprise/exchange-id-jag.ts";
export { authorizeWithIdJag, type AuthorizeWithIdJagInput } from "./enterprise/authorize-with-id-jag.ts";

export { GATEWAY_SCOPE, normalizeIssuer, normalizeResource } from "./gateway/gateway-authorization.ts";
