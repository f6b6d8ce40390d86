import * as oauth from "oauth4webapi";
import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import { OAuthError } from "../errors.ts";
import { assertClientBelongsTo } from "../oauth4webapi-adapter.ts";
import { acceptsResourceIndicator } from "../providers/microsoft-entra.ts";
import type { OAuthClient } from "../types.ts";
import type { AuthorizationFlowState } from "./flow-state.ts";

export interface BeginAuthorizationInput {
  authorizationServer: AuthorizationServerMetadata;
  client: OAuthClient;
  /** This platform's callback URL, exactly as registered: https, or http on a loopback host. */
  redirectUri: string;
  /**
   * RFC 8707 resource: the canonical MCP server URI. Omit for plain OAuth providers. Left out
   * (of the request and the flow) for Entra's v2.0 endpoints, which refuse it beside scopes.
   */
  resource?: string | undefined;
  /** From `selectScopes`; the `scope` parameter is omitted when empty. */
  scopes?: readonly string[] | undefined;
  /**
   * The parameter the scopes go in. `user_scope` is Slack's (OAuth v2) for a user token: the
   * scopes comma-separated there, and no `scope` (which asks Slack for bot scopes).
   */
  scopeParameter?: "scope" | "user_scope" | undefined;
  /** Provider-specific parameters (audience, prompt, access_type, ...). Cannot override protocol ones. */
  extraParams?: Readonly<Record<string, string>> | undefined;
}

export interface AuthorizationStart {
  authorizationUrl: string;
  flowState: AuthorizationFlowState;
}

const PROTOCOL_PARAMS = new Set([
  "client_id",
  "response_type",
  "redirect_uri",
  "state",
  "code_challenge",
  "code_challenge_method",
  "scope",
  "resource",
]);
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Starts an authorization code flow with PKCE S256 and a fresh 256-bit `state`. */
export async function beginAuthorization(input: BeginAuthorizationInput): Promise<AuthorizationStart> {
  const { authorizationServer, client } = input;
  assertClientBelongsTo(client, authorizationServer);
  assertRedirectUri(input.redirectUri);
  const scopeParameter = input.scopeParameter ?? "scope";
  const forbidden = Object.keys(input.extraParams ?? {}).filter(
    (name) => PROTOCOL_PARAMS.has(name) || name === scopeParameter,
  );
  if (forbidden.length > 0) {
    throw new OAuthError(
      "invalid_configuration",
      `Extra authorization parameters may not set ${forbidden.join(", ")}.`,
    );
  }

  const state = oauth.generateRandomState();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const scopes = [...(input.scopes ?? [])];
  const url = new URL(authorizationServer.authorization_endpoint);
  const params: Record<string, string | undefined> = {
    ...input.extraParams,
    client_id: client.clientId,
    response_type: "code",
    redirect_uri: input.redirectUri,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    resource: acceptsResourceIndicator(authorizationServer.authorization_endpoint) ? input.resource : undefined,
  };
  if (scopes.length > 0) params[scopeParameter] = scopes.join(scopeParameter === "user_scope" ? "," : " ");
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }

  return {
    authorizationUrl: url.href,
    flowState: {
      state,
      codeVerifier,
      issuer: authorizationServer.issuer,
      clientId: client.clientId,
      redirectUri: input.redirectUri,
      resource: params.resource,
      scopes,
      createdAt: new Date().toISOString(),
    },
  };
}

function assertRedirectUri(redirectUri: string): void {
  const url = URL.canParse(redirectUri) ? new URL(redirectUri) : undefined;
  const allowed = url?.protocol === "https:" || (url?.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
  if (!allowed || url.hash !== "") {
    throw new OAuthError("invalid_configuration", "The redirect URI must be https (or http on a loopback host).");
  }
}
