import * as oauth from "oauth4webapi";
import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import type { OAuthClient } from "../types.ts";
import { requestAsClient } from "./request-as-client.ts";

export interface RevokeOptions {
  tokenTypeHint?: "refresh_token" | "access_token" | undefined;
  fetch: GuardedFetch;
}

/**
 * RFC 7009 revocation. Returns false when the server has no revocation endpoint (the caller
 * then only forgets the token). Revoking a refresh token usually ends the whole grant.
 */
export async function revokeToken(
  client: OAuthClient,
  authorizationServer: AuthorizationServerMetadata,
  token: string,
  options: RevokeOptions,
): Promise<boolean> {
  const endpoint = authorizationServer.revocation_endpoint;
  if (endpoint === undefined) return false;
  await requestAsClient(client, authorizationServer, endpoint, options.fetch, {
    send: ({ as, client, clientAuth, httpOptions }) =>
      oauth.revocationRequest(as, client, clientAuth, token, {
        ...httpOptions,
        ...(options.tokenTypeHint && { additionalParameters: { token_type_hint: options.tokenTypeHint } }),
      }),
    read: (_context, answer) => oauth.processRevocationResponse(answer),
  });
  return true;
}
