import * as oauth from "oauth4webapi";
import { OAuthError, toProviderDescription, toProviderErrorCode } from "../errors.ts";

const TRANSIENT_OAUTH_ERRORS = new Set(["temporarily_unavailable", "server_error"]);
const CLIENT_OAUTH_ERRORS = new Set(["invalid_client", "unauthorized_client"]);

/**
 * Turns what oauth4webapi throws while reading an authorization server's answer into an
 * `OAuthError`. Nothing of the response body reaches the message: oauth4webapi attaches bodies
 * (which may hold tokens) to its errors, so those errors are never kept as a cause.
 */
export function classifyServerError(error: unknown, host: string, status: number): OAuthError {
  if (error instanceof OAuthError) return error;
  if (error instanceof oauth.ResponseBodyError) {
    const providerError = toProviderErrorCode(error.error);
    const details = {
      status,
      providerError,
      providerDescription: toProviderDescription(error.error_description),
    };
    if (error.error === "invalid_grant") {
      return new OAuthError("invalid_grant", `${host} no longer accepts this grant; authorize again.`, details);
    }
    if (CLIENT_OAUTH_ERRORS.has(error.error)) {
      return new OAuthError("invalid_client", `${host} rejected the client credentials (${providerError}).`, details);
    }
    if (TRANSIENT_OAUTH_ERRORS.has(error.error)) {
      return new OAuthError("temporarily_unavailable", `${host} is temporarily unavailable.`, {
        ...details,
        retryable: true,
      });
    }
    return new OAuthError("provider_error", `${host} rejected the request (${providerError}).`, details);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return status === 401
      ? new OAuthError("invalid_client", `${host} rejected the client credentials.`, { status })
      : new OAuthError("provider_error", `${host} answered with an authentication challenge.`, { status });
  }
  const failedStatus = status < 200 || status >= 300;
  if (error instanceof oauth.OperationProcessingError && failedStatus) {
    return new OAuthError("provider_error", `${host} answered with an unexpected HTTP status ${status}.`, { status });
  }
  if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError) {
    return new OAuthError("invalid_token_response", `${host} sent a malformed response.`, { status });
  }
  throw error;
}
