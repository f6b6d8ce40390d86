import * as oauth from "oauth4webapi";
import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import { acceptsResourceIndicator, needsScopeOnRefresh } from "../providers/microsoft-entra.ts";
import type { OAuthClient, TokenSet } from "../types.ts";
import { normalizeTokenResponse } from "./normalize-token-response.ts";
import { requestAsClient } from "./request-as-client.ts";
import { toTokenSet } from "./to-token-set.ts";

/** All a refresh needs of the authorization server: stored with the credential, no discovery. */
export type TokenEndpointMetadata = Pick<AuthorizationServerMetadata, "issuer" | "token_endpoint">;

export interface RefreshOptions {
  /** The RFC 8707 resource of the original authorization. */
  resource?: string | undefined;
  /** Space-separated scopes to narrow to; the grant's scopes when absent. */
  scope?: string | undefined;
  /** The grant's scopes, sent only to a provider that wants them on every refresh (Entra v2.0). */
  grantedScope?: string | undefined;
  fetch: GuardedFetch;
  /** Leave out (and do not check) an ID token in the answer: for callers that never use it. */
  ignoreIdToken?: boolean | undefined;
}

/**
 * One refresh-token grant. Keeps the old refresh token when the server issues none. Failures:
 * `invalid_grant` (re-authorization needed: never retry), `retryable` errors (network, timeout,
 * 5xx, 429 with `retryAfterMs`), others permanent. With rotation, the caller must make sure one
 * refresh per credential runs at a time and store the result before using it.
 */
export async function refreshTokens(
  client: OAuthClient,
  authorizationServer: TokenEndpointMetadata,
  refreshToken: string,
  options: RefreshOptions,
): Promise<TokenSet> {
  const endpoint = authorizationServer.token_endpoint;
  const scope = options.scope ?? (needsScopeOnRefresh(endpoint) ? options.grantedScope : undefined);
  const additionalParameters: Record<string, string> = {
    ...(options.resource !== undefined && acceptsResourceIndicator(endpoint) && { resource: options.resource }),
    ...(scope !== undefined && { scope }),
  };
  const response = await requestAsClient(client, authorizationServer, endpoint, options.fetch, {
    send: ({ as, client, clientAuth, httpOptions }) =>
      oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, { ...httpOptions, additionalParameters }),
    read: async ({ as, client }, answer) =>
      oauth.processRefreshTokenResponse(as, client, await normalizeTokenResponse(answer, options)),
  });
  return toTokenSet(response, { scope, refreshToken }, new URL(endpoint).host);
}
