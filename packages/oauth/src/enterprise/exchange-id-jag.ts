import * as oauth from "oauth4webapi";
import {
  assertClientBelongsTo,
  toAuthorizationServer,
  toClient,
  toClientAuth,
  toHttpOptions,
} from "../oauth4webapi-adapter.ts";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import { callAuthorizationServer } from "../tokens/call-authorization-server.ts";
import type { TokenEndpointMetadata } from "../tokens/refresh-tokens.ts";
import { toTokenSet } from "../tokens/to-token-set.ts";
import type { OAuthClient, TokenSet } from "../types.ts";
import { JWT_BEARER_GRANT_TYPE } from "./supports-id-jag.ts";

export interface ExchangeIdJagOptions {
  /** The MCP server's resource identifier (RFC 8707), as in every MCP token request. */
  resource: string;
  /** Space-separated scopes to ask for; the server grants at most those the ID-JAG carries. */
  scope?: string | undefined;
  fetch: GuardedFetch;
}

/**
 * RFC 7523 JWT bearer grant at the MCP server's authorization server, presenting an ID-JAG
 * (draft-ietf-oauth-identity-assertion-authz-grant §4.4): no browser, no consent screen. The
 * client authenticates as registered with that server. An ID-JAG is single use and short lived,
 * so `invalid_grant` means: request a new one.
 */
export async function exchangeIdJag(
  client: OAuthClient,
  authorizationServer: TokenEndpointMetadata,
  assertion: string,
  options: ExchangeIdJagOptions,
): Promise<TokenSet> {
  assertClientBelongsTo(client, authorizationServer);
  const as = toAuthorizationServer(authorizationServer);
  const oauthClient = toClient(client);
  const parameters: Record<string, string> = {
    assertion,
    resource: options.resource,
    ...(options.scope !== undefined && { scope: options.scope }),
  };
  const endpoint = authorizationServer.token_endpoint;
  const response = await callAuthorizationServer(
    endpoint,
    () =>
      oauth.genericTokenEndpointRequest(
        as,
        oauthClient,
        toClientAuth(client),
        JWT_BEARER_GRANT_TYPE,
        parameters,
        toHttpOptions(options.fetch),
      ),
    (answer) => oauth.processGenericTokenEndpointResponse(as, oauthClient, answer),
  );
  return toTokenSet(response, { scope: options.scope }, new URL(endpoint).host);
}
