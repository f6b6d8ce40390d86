import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import type { OAuthClient, TokenEndpointAuthMethod } from "../types.ts";

export interface StaticClientInput {
  clientId: string;
  clientSecret?: string | undefined;
  /** Chosen from the server's supported methods when absent. */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod | undefined;
  /**
   * The authorization server the admin registered this client with. Set, it binds the client:
   * every flow, refresh and revocation against another issuer is refused before the secret is sent.
   */
  issuer?: string | undefined;
}

/**
 * The secret-based method a confidential client should use: Basic unless the server lists only
 * `client_secret_post` (an absent list means Basic, RFC 8414 §2).
 */
export function chooseSecretAuthMethod(supported: readonly string[] | undefined): TokenEndpointAuthMethod {
  if (supported === undefined || supported.includes("client_secret_basic")) return "client_secret_basic";
  return supported.includes("client_secret_post") ? "client_secret_post" : "client_secret_basic";
}

/** A client an administrator registered with the provider by hand (catalog types 1-3). */
export function createStaticClient(
  input: StaticClientInput,
  authorizationServer?: AuthorizationServerMetadata,
): OAuthClient {
  const method =
    input.tokenEndpointAuthMethod ??
    (input.clientSecret
      ? chooseSecretAuthMethod(authorizationServer?.token_endpoint_auth_methods_supported)
      : ("none" as const));
  return {
    clientId: input.clientId,
    clientSecret: method === "none" ? undefined : input.clientSecret,
    tokenEndpointAuthMethod: method,
    registration: "static",
    issuer: input.issuer,
  };
}
