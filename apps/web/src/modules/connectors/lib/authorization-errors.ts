/**
 * Why an authorization did not finish, as the error page explains it. Pages look reasons up
 * here and show only these fixed texts: nothing from the provider or the URL is echoed.
 */
export const authorizationErrorMessages = {
  access_denied: "You (or the provider) declined the access request, so the connector was not authorized.",
  provider_error: "The provider could not complete the sign-in.",
  temporarily_unavailable: "The provider is temporarily unavailable. Wait a moment and try again.",
  invalid_grant: "The provider refused the authorization code. It may have expired or been used already.",
  invalid_client: "The provider rejected Switchboard's client credentials. Ask an administrator to check them.",
  registration_rejected:
    "The provider no longer accepts Switchboard's registration with it. Start the sign-in again: Switchboard registers anew.",
  state_mismatch: "The response from the provider does not belong to this sign-in.",
  issuer_mismatch: "The response came from an unexpected authorization server.",
  invalid_token_response: "The provider answered with an invalid token response.",
  response_too_large: "The provider's answer was too large and was refused.",
  unreachable: "The provider could not be reached.",
  client_missing: "The OAuth client this sign-in started with no longer exists. Ask an administrator to check it.",
  expired: "This sign-in link has expired or was already used.",
  wrong_user: "This sign-in was started by another account. Sign in as that account, or start again.",
  not_permitted:
    "You are no longer allowed to authorize this connector (your team role changed while you were signing in). Nothing was changed.",
  failed: "The sign-in with the provider failed.",
} as const;

export type AuthorizationErrorReason = keyof typeof authorizationErrorMessages;

export function isAuthorizationErrorReason(value: unknown): value is AuthorizationErrorReason {
  return typeof value === "string" && Object.hasOwn(authorizationErrorMessages, value);
}

const reasonByOAuthCode: Partial<Record<string, AuthorizationErrorReason>> = {
  access_denied: "access_denied",
  provider_error: "provider_error",
  temporarily_unavailable: "temporarily_unavailable",
  invalid_grant: "invalid_grant",
  invalid_client: "invalid_client",
  state_mismatch: "state_mismatch",
  issuer_mismatch: "issuer_mismatch",
  invalid_token_response: "invalid_token_response",
  response_too_large: "response_too_large",
  timeout: "unreachable",
  network_error: "unreachable",
  ssrf_blocked: "unreachable",
  flow_expired: "expired",
};

export function toAuthorizationErrorReason(oauthErrorCode: string): AuthorizationErrorReason {
  return reasonByOAuthCode[oauthErrorCode] ?? "failed";
}
