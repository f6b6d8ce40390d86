export type CredentialRefreshErrorCode = "not_found" | "needs_reauth" | "refresh_failed";

/**
 * Why a credential could not be refreshed. Messages are written here or come from `OAuthError`
 * (which never carries a token), so they are safe to log and show.
 */
export class CredentialRefreshError extends Error {
  override readonly name = "CredentialRefreshError";
  readonly code: CredentialRefreshErrorCode;
  /** Transient: try again later, not before `retryAfterMs` when the provider said so. */
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    code: CredentialRefreshErrorCode,
    message: string,
    details: { retryable?: boolean; retryAfterMs?: number | undefined } = {},
  ) {
    super(message);
    this.code = code;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs;
  }
}
