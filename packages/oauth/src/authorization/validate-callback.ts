import { createHash, timingSafeEqual } from "node:crypto";
import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import { OAuthError, toProviderDescription, toProviderErrorCode } from "../errors.ts";
import type { AuthorizationFlowState } from "./flow-state.ts";

const RETRYABLE_AUTHORIZATION_ERRORS = new Set(["temporarily_unavailable", "server_error"]);

/**
 * Checks an authorization response before any code is redeemed, in this order: `state` (bound
 * to the flow, compared in constant time), RFC 9207 `iss` (exact, the flow's issuer or, for a
 * provider configured by endpoints, its sign-in origin; required when the server advertises it),
 * the provider's `error`, and the presence of `code`.
 */
export function validateCallbackParams(
  flowState: AuthorizationFlowState,
  params: URLSearchParams,
  authorizationServer: AuthorizationServerMetadata,
): void {
  const state = params.get("state");
  if (state === null || !equalsInConstantTime(state, flowState.state)) {
    throw new OAuthError("state_mismatch", "The authorization response does not belong to this flow.");
  }

  const iss = params.get("iss");
  if (
    iss === null
      ? authorizationServer.authorization_response_iss_parameter_supported === true
      : iss !== flowState.issuer && !(authorizationServer.switchboard_response_issuers ?? []).includes(iss)
  ) {
    throw new OAuthError("issuer_mismatch", "The authorization response comes from an unexpected issuer.");
  }

  const rawError = params.get("error");
  if (rawError !== null) {
    const error = toProviderErrorCode(rawError);
    const details = {
      providerError: error,
      providerDescription: toProviderDescription(params.get("error_description")),
      retryable: RETRYABLE_AUTHORIZATION_ERRORS.has(error),
    };
    if (error === "access_denied") {
      throw new OAuthError("access_denied", "Access was denied at the provider.", details);
    }
    throw new OAuthError("provider_error", `The provider could not complete the authorization (${error}).`, details);
  }

  if (!params.get("code")) throw new OAuthError("provider_error", "The authorization response carries no code.");
}

function equalsInConstantTime(actual: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(actual), digest(expected));
}
