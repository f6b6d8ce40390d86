import * as oauth from "oauth4webapi";
import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import {
  assertClientBelongsTo,
  toAuthorizationServer,
  toClient,
  toClientAuth,
  toHttpOptions,
} from "../oauth4webapi-adapter.ts";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import type { OAuthClient } from "../types.ts";
import { callAuthorizationServer } from "./call-authorization-server.ts";

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
  assertClientBelongsTo(client, authorizationServer);
  const as = toAuthorizationServer(authorizationServer);
  const oauthClient = toClient(client);
  await callAuthorizationServer(
    endpoint,
    () =>
      oauth.revocationRequest(as, oauthClient, toClientAuth(client), token, {
        ...toHttpOptions(options.fetch),
        ...(options.tokenTypeHint && { additionalParameters: { token_type_hint: options.tokenTypeHint } }),
      }),
    (answer) => oauth.processRevocationResponse(answer),
  );
  return true;
}
