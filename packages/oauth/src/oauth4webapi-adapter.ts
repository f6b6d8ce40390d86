import * as oauth from "oauth4webapi";
import type { AuthorizationServerMetadata } from "./discovery/metadata-schemas.ts";
import { OAuthError } from "./errors.ts";
import type { GuardedFetch } from "./ssrf/guarded-fetch.ts";
import type { OAuthClient } from "./types.ts";

/** Every oauth4webapi request goes through the SSRF guard; http only where the guard allows it. */
export function toHttpOptions<Method extends string, Body>(
  fetch: GuardedFetch,
): oauth.HttpRequestOptions<Method, Body> {
  return {
    [oauth.customFetch]: fetch as (url: string, options: oauth.CustomFetchOptions<Method, Body>) => Promise<Response>,
    [oauth.allowInsecureRequests]: fetch.allowInsecureHttp,
  };
}

export function toAuthorizationServer(
  metadata: Pick<AuthorizationServerMetadata, "issuer">,
): oauth.AuthorizationServer {
  return metadata as oauth.AuthorizationServer;
}

// How far a provider's clock may run ahead of or behind ours for its ID tokens' exp and nbf.
// oauth4webapi allows 30 s; hosts drift further, and a connector never signs anyone in with the ID
// token, so refusing its whole token response (and later refreshes) for that helps nobody.
const ID_TOKEN_CLOCK_TOLERANCE_S = 300;

export function toClient(client: OAuthClient): oauth.Client {
  return {
    client_id: client.clientId,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    [oauth.clockTolerance]: ID_TOKEN_CLOCK_TOLERANCE_S,
  };
}

export function toClientAuth(client: OAuthClient): oauth.ClientAuth {
  if (client.tokenEndpointAuthMethod === "none") return oauth.None();
  if (!client.clientSecret) {
    throw new OAuthError(
      "invalid_configuration",
      `The client uses ${client.tokenEndpointAuthMethod} but has no secret.`,
    );
  }
  return client.tokenEndpointAuthMethod === "client_secret_post"
    ? oauth.ClientSecretPost(client.clientSecret)
    : clientSecretBasic(client.clientSecret);
}

/**
 * RFC 6749 §2.3.1 Basic credentials, form-encoded like `encodeURIComponent`. oauth4webapi also
 * escapes `-`, `_` and `.`, which servers that do not decode the credentials (many, and the
 * MCP conformance suite) then fail to match; decoding servers read both forms alike.
 */
function clientSecretBasic(clientSecret: string): oauth.ClientAuth {
  return (_as, client, _body, headers) => {
    const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
    const credentials = Buffer.from(`${encode(client.client_id)}:${encode(clientSecret)}`).toString("base64");
    headers.set("authorization", `Basic ${credentials}`);
  };
}

/**
 * A client bound to an issuer (registered ones, MCP 2026-07-28, and static ones an admin bound)
 * is refused with any other authorization server, before its secret is sent anywhere. Issuers
 * compare as URLs, as discovery does (`https://a.example` equals `https://a.example/`).
 */
export function assertClientBelongsTo(
  client: OAuthClient,
  metadata: Pick<AuthorizationServerMetadata, "issuer">,
): void {
  if (client.issuer !== undefined && normalizeIssuer(client.issuer) !== normalizeIssuer(metadata.issuer)) {
    throw new OAuthError("issuer_mismatch", "The client was registered with a different authorization server.");
  }
}

function normalizeIssuer(issuer: string): string {
  return URL.canParse(issuer) ? new URL(issuer).href : issuer;
}
