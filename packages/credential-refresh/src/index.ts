export {
  computeRefreshDueAt,
  DEFAULT_REFRESH_POLICY,
  type RefreshPolicy,
  type RefreshTiming,
} from "./compute-refresh-due-at.ts";
export { CredentialRefreshError, type CredentialRefreshErrorCode } from "./credential-refresh-error.ts";
export { loadOAuthClient } from "./load-oauth-client.ts";
export { isIssuerBound, toDynamicClient } from "./stored-client.ts";
export { refreshCredential, type RefreshCredentialDeps, type RefreshOutcome } from "./refresh-credential.ts";
