import * as oauth from "oauth4webapi";
import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import { OAuthError } from "../errors.ts";
import { assertClientBelongsTo, toAuthorizationServer, toClient } from "../oauth4webapi-adapter.ts";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import { normalizeTokenResponse } from "../tokens/normalize-token-response.ts";
import { requestAsClient } from "../tokens/request-as-client.ts";
import { toTokenSet } from "../tokens/to-token-set.ts";
import type { OAuthClient, TokenSet } from "../types.ts";
import { authorizationFlowStateSchema, type AuthorizationFlowState } from "./flow-state.ts";
import { validateCallbackParams } from "./validate-callback.ts";

export interface CompleteAuthorizationOptions {
  authorizationServer: AuthorizationServerMetadata;
  fetch: GuardedFetch;
  /** Flows older than this are refused. Default 10 minutes. */
  maxAgeMs?: number | undefined;
  /** Leave out (and do not check) an ID token in the answer: for callers that never use it. */
  ignoreIdToken?: boolean | undefined;
}

/**
 * Finishes a flow begun by `beginAuthorization`: checks the callback (state, iss, error),
 * redeems the code with the PKCE verifier and the same `resource`, and validates the token
 * response. The caller must discard the flow state afterwards, whatever the outcome.
 */
export async function completeAuthorization(
  flowState: AuthorizationFlowState,
  callbackParams: URLSearchParams,
  client: OAuthClient,
  options: CompleteAuthorizationOptions,
): Promise<TokenSet> {
  const flow = parseFlowState(flowState, options.maxAgeMs ?? 10 * 60_000);
  const { authorizationServer } = options;
  if (flow.issuer !== authorizationServer.issuer) {
    throw new OAuthError("issuer_mismatch", "The flow was started with a different authorization server.");
  }
  if (flow.clientId !== client.clientId) {
    throw new OAuthError("invalid_flow_state", "The flow was started with a different client.");
  }
  assertClientBelongsTo(client, authorizationServer);
  validateCallbackParams(flow, callbackParams, authorizationServer);

  const checkedParams = brandCallbackParams(
    toAuthorizationServer(authorizationServer),
    toClient(client),
    callbackParams,
  );
  const endpoint = authorizationServer.token_endpoint;
  const response = await requestAsClient(client, authorizationServer, endpoint, options.fetch, {
    send: ({ as, client, clientAuth, httpOptions }) =>
      oauth.authorizationCodeGrantRequest(as, client, clientAuth, checkedParams, flow.redirectUri, flow.codeVerifier, {
        ...httpOptions,
        ...(flow.resource !== undefined && { additionalParameters: { resource: flow.resource } }),
      }),
    read: async ({ as, client }, answer) =>
      oauth.processAuthorizationCodeResponse(as, client, await normalizeTokenResponse(answer, options)),
  });
  return toTokenSet(response, { scope: flow.scopes.join(" ") || undefined }, new URL(endpoint).host);
}

/**
 * oauth4webapi only redeems parameters its own validation returned. state and iss were checked
 * already, with the precise errors of this package (iss also against the sign-in origin of a
 * provider configured by endpoints, which oauth4webapi would refuse); what remains (JARM,
 * implicit or hybrid responses) is unsupported.
 */
function brandCallbackParams(as: oauth.AuthorizationServer, client: oauth.Client, params: URLSearchParams) {
  const checked = new URLSearchParams(params);
  checked.delete("iss");
  try {
    return oauth.validateAuthResponse(
      { ...as, authorization_response_iss_parameter_supported: false },
      client,
      checked,
      oauth.skipStateCheck,
    );
  } catch {
    throw new OAuthError("provider_error", "The authorization response has a form this client does not support.");
  }
}

function parseFlowState(flowState: AuthorizationFlowState, maxAgeMs: number): AuthorizationFlowState {
  const parsed = authorizationFlowStateSchema.safeParse(flowState);
  if (!parsed.success) {
    throw new OAuthError("invalid_flow_state", "The stored authorization flow is incomplete or corrupt.");
  }
  if (Date.now() - Date.parse(parsed.data.createdAt) > maxAgeMs) {
    throw new OAuthError("flow_expired", "The authorization took too long; start again.");
  }
  return parsed.data;
}
