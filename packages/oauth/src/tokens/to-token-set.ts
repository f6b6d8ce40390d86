import type * as oauth from "oauth4webapi";
import { OAuthError } from "../errors.ts";
import type { TokenSet } from "../types.ts";

/**
 * A validated token response (oauth4webapi checked `access_token`, `expires_in`, `scope`,
 * `refresh_token` types and lower-cased `token_type`) as a `TokenSet`. Only bearer tokens are
 * accepted: this client does not do DPoP.
 */
export function toTokenSet(
  response: oauth.TokenEndpointResponse,
  fallback: { scope?: string | undefined; refreshToken?: string | undefined },
  host: string,
  now: number = Date.now(),
): TokenSet {
  if (response.token_type !== "bearer") {
    throw new OAuthError("invalid_token_response", `${host} issued a token type this client cannot use.`);
  }
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? fallback.refreshToken,
    expiresAt: response.expires_in === undefined ? undefined : new Date(now + response.expires_in * 1000),
    scope: response.scope ?? fallback.scope,
    tokenType: response.token_type,
    idToken: response.id_token,
  };
}
