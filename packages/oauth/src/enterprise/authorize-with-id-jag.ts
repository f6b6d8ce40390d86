import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import { OAuthError } from "../errors.ts";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import type { TokenEndpointMetadata } from "../tokens/refresh-tokens.ts";
import type { OAuthClient, TokenSet } from "../types.ts";
import { exchangeIdJag } from "./exchange-id-jag.ts";
import { requestIdJag } from "./request-id-jag.ts";
import { supportsIdJag } from "./supports-id-jag.ts";

export interface AuthorizeWithIdJagInput {
  /** The signed-in user's ID token from the company IdP. */
  idToken: string;
  /** The company IdP's token endpoint and issuer. */
  idp: TokenEndpointMetadata;
  /** This platform's client at the IdP (the one users sign in with). */
  idpClient: OAuthClient;
  /** The MCP server's authorization server, as discovered. */
  authorizationServer: AuthorizationServerMetadata;
  /** This platform's client at that authorization server. */
  client: OAuthClient;
  /** The MCP server's resource identifier. */
  resource: string;
  scopes?: readonly string[] | undefined;
  fetch: GuardedFetch;
}

/**
 * Enterprise-managed authorization (MCP extension `io.modelcontextprotocol/enterprise-managed-
 * authorization`): an access token for an MCP server without the user's consent screen, from
 * an ID-JAG the company IdP issues for the user's ID token. Throws `grant_unsupported` when the
 * server does not redeem ID-JAGs, so the caller can fall back to the authorization code flow.
 */
export async function authorizeWithIdJag(input: AuthorizeWithIdJagInput): Promise<TokenSet> {
  const { authorizationServer } = input;
  if (!supportsIdJag(authorizationServer)) {
    throw new OAuthError(
      "grant_unsupported",
      `${new URL(authorizationServer.issuer).host} does not accept identity assertion grants from an enterprise IdP.`,
    );
  }
  const idJag = await requestIdJag(
    input.idp,
    input.idpClient,
    {
      idToken: input.idToken,
      audience: authorizationServer.issuer,
      resource: input.resource,
      scopes: input.scopes,
    },
    { fetch: input.fetch },
  );
  // Ask the upstream for what the IdP allowed (its policy may narrow the request), so a token
  // response without `scope` is not read as granting more.
  return exchangeIdJag(input.client, authorizationServer, idJag.assertion, {
    resource: input.resource,
    scope: idJag.scope ?? (input.scopes?.length ? input.scopes.join(" ") : undefined),
    fetch: input.fetch,
  });
}
