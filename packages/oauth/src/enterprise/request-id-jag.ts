import * as oauth from "oauth4webapi";
import { OAuthError } from "../errors.ts";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import type { TokenEndpointMetadata } from "../tokens/refresh-tokens.ts";
import { requestAsClient } from "../tokens/request-as-client.ts";
import type { OAuthClient } from "../types.ts";

const TOKEN_EXCHANGE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const ID_JAG_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id-jag";

export interface IdJagRequest {
  /** The user's ID token from the company IdP, issued when they signed in through it. */
  idToken: string;
  /** Issuer of the MCP server's authorization server, which the ID-JAG will be addressed to. */
  audience: string;
  /** The MCP server's resource identifier (RFC 9728). */
  resource: string;
  scopes?: readonly string[] | undefined;
}

/** An Identity Assertion JWT Authorization Grant: opaque to the client, short lived. */
export interface IdJag {
  assertion: string;
  expiresAt?: Date | undefined;
  /** Space-separated scopes the IdP allowed, when it said. */
  scope?: string | undefined;
}

export interface RequestIdJagOptions {
  fetch: GuardedFetch;
}

/**
 * RFC 8693 token exchange at the company IdP: the user's ID token for an ID-JAG addressed to
 * one MCP server's authorization server (draft-ietf-oauth-identity-assertion-authz-grant §4.3).
 * The IdP applies its access policy here; a refusal is `invalid_grant` (the ID token expired:
 * sign in again) or `provider_error` with the IdP's code (`access_denied`, `invalid_target`, or
 * `insufficient_user_authentication`: sign in again with stronger authentication).
 */
export async function requestIdJag(
  idp: TokenEndpointMetadata,
  idpClient: OAuthClient,
  request: IdJagRequest,
  options: RequestIdJagOptions,
): Promise<IdJag> {
  const parameters: Record<string, string> = {
    requested_token_type: ID_JAG_TOKEN_TYPE,
    subject_token: request.idToken,
    subject_token_type: ID_TOKEN_TYPE,
    audience: request.audience,
    resource: request.resource,
    ...(request.scopes?.length && { scope: request.scopes.join(" ") }),
  };
  const host = new URL(idp.token_endpoint).host;
  const response = await requestAsClient(idpClient, idp, idp.token_endpoint, options.fetch, {
    send: ({ as, client, clientAuth, httpOptions }) =>
      oauth.genericTokenEndpointRequest(as, client, clientAuth, TOKEN_EXCHANGE_GRANT_TYPE, parameters, httpOptions),
    // The draft's token_type for an ID-JAG is "N_A": it is no access token.
    read: ({ as, client }, answer) =>
      oauth.processGenericTokenEndpointResponse(as, client, answer, { recognizedTokenTypes: { n_a: () => {} } }),
  });
  if (response.issued_token_type !== ID_JAG_TOKEN_TYPE) {
    throw new OAuthError("invalid_token_response", `${host} issued a token that is not an ID-JAG.`);
  }
  return {
    assertion: response.access_token,
    expiresAt: response.expires_in === undefined ? undefined : new Date(Date.now() + response.expires_in * 1000),
    scope: response.scope,
  };
}
