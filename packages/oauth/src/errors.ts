export type OAuthErrorCode =
  | "invalid_url"
  | "insecure_url"
  | "ssrf_blocked"
  | "timeout"
  | "network_error"
  | "response_too_large"
  | "too_many_redirects"
  | "metadata_not_found"
  | "invalid_metadata"
  | "issuer_mismatch"
  | "resource_mismatch"
  | "pkce_unsupported"
  | "grant_unsupported"
  | "invalid_configuration"
  | "registration_unavailable"
  | "registration_failed"
  | "invalid_flow_state"
  | "flow_expired"
  | "state_mismatch"
  | "access_denied"
  | "provider_error"
  | "invalid_token_response"
  | "invalid_grant"
  | "invalid_client"
  | "temporarily_unavailable";

export interface OAuthErrorDetails {
  /** Transient failure: the caller may try again later (with backoff). */
  retryable?: boolean;
  /** Parsed from `Retry-After`, when the server sent one. */
  retryAfterMs?: number;
  /** HTTP status of the response that caused the error, if any. */
  status?: number;
  /** The OAuth `error` code the server returned, e.g. `invalid_grant`. */
  providerError?: string;
  /** The server's `error_description`: untrusted text, shortened, for display only. */
  providerDescription?: string;
}

/**
 * The one error type of this package. Messages are written here, never copied from a response
 * body or request, so they carry no token, code, verifier or client secret and are safe to log
 * and show to a user.
 */
export class OAuthError extends Error {
  override readonly name = "OAuthError";
  readonly code: OAuthErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly providerError: string | undefined;
  readonly providerDescription: string | undefined;

  constructor(code: OAuthErrorCode, message: string, details: OAuthErrorDetails = {}) {
    super(message);
    this.code = code;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs;
    this.status = details.status;
    this.providerError = details.providerError;
    this.providerDescription = details.providerDescription;
  }
}

export function isOAuthError(error: unknown, code?: OAuthErrorCode): error is OAuthError {
  return error instanceof OAuthError && (code === undefined || error.code === code);
}

const MAX_DESCRIPTION_LENGTH = 200;
// Long unbroken runs of token characters look like credentials a server may echo back.
const CREDENTIAL_LIKE = /[\w.~+/=-]{24,}/g;
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** Makes a server-supplied `error_description` fit for logs and display. */
export function toProviderDescription(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length === 0) return undefined;
  const cleaned = value.replace(CONTROL_CHARACTERS, " ").replace(CREDENTIAL_LIKE, "[redacted]");
  return cleaned.length > MAX_DESCRIPTION_LENGTH ? `${cleaned.slice(0, MAX_DESCRIPTION_LENGTH)}…` : cleaned;
}

/** An OAuth `error` code as sent by a server, if it looks like one (they go into messages). */
export function toProviderErrorCode(value: string): string {
  return /^[\w.-]{1,64}$/.test(value) ? value : "unrecognized error";
}
