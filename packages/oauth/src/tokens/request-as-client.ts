import type * as oauth from "oauth4webapi";
import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import {
  assertClientBelongsTo,
  toAuthorizationServer,
  toClient,
  toClientAuth,
  toHttpOptions,
} from "../oauth4webapi-adapter.ts";
import { selectTokenRequestFetch } from "../providers/notion.ts";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import type { OAuthClient } from "../types.ts";
import { callAuthorizationServer } from "./call-authorization-server.ts";

/** What an oauth4webapi request and its response check need, in oauth4webapi's terms. */
export interface ClientRequestContext {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  clientAuth: oauth.ClientAuth;
  /** The SSRF-guarded fetch, and http only where the guard allows it. */
  httpOptions: oauth.HttpRequestOptions<"POST", URLSearchParams>;
}

export interface ClientRequest<Result> {
  /** Sends the request with oauth4webapi (`genericTokenEndpointRequest`, `revocationRequest`, …). */
  send: (context: ClientRequestContext) => Promise<Response>;
  /** Checks the answer with the matching oauth4webapi `process…Response`. */
  read: (context: ClientRequestContext, response: Response) => Promise<Result>;
}

/**
 * One authenticated client request to an endpoint of the client's authorization server (token,
 * revocation): refuses a client bound to another issuer before its secret is sent, authenticates
 * it as registered, sends through the SSRF guard (as JSON where a provider reads nothing else)
 * and maps failures as `callAuthorizationServer`.
 */
export async function requestAsClient<Result>(
  client: OAuthClient,
  authorizationServer: Pick<AuthorizationServerMetadata, "issuer">,
  endpoint: string,
  fetch: GuardedFetch,
  request: ClientRequest<Result>,
): Promise<Result> {
  assertClientBelongsTo(client, authorizationServer);
  const context: ClientRequestContext = {
    as: toAuthorizationServer(authorizationServer),
    client: toClient(client),
    clientAuth: toClientAuth(client),
    httpOptions: toHttpOptions(selectTokenRequestFetch(endpoint, fetch)),
  };
  return callAuthorizationServer(
    endpoint,
    () => request.send(context),
    (response) => request.read(context, response),
  );
}
