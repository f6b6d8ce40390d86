import * as oauth from "oauth4webapi";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import type { TokenEndpointMetadata } from "../tokens/refresh-tokens.ts";
import { requestAsClient } from "../tokens/request-as-client.ts";
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
  const parameters: Record<string, string> = {
    assertion,
    resource: options.resource,
    ...(options.scope !== undefined && { scope: options.scope }),
  };
  const endpoint = authorizationServer.token_endpoint;
  const response = await requestAsClient(client, authorizationServer, endpoint, options.fetch, {
    send: ({ as, client, clientAuth, httpOptions }) =>
      oauth.genericTokenEndpointRequest(as, client, clientAuth, JWT_BEARER_GRANT_TYPE, parameters, httpOptions),
    read: ({ as, client }, answer) => oauth.processGenericTokenEndpointResponse(as, client, answer),
  });
  return toTokenSet(response, { scope: options.scope }, new URL(endpoint).host);
}
