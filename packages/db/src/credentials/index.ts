export type { DbClient } from "./db-client.ts";
export {
  consumeAuthorizationFlow,
  createAuthorizationFlow,
  type AuthorizationFlowInput,
  type ConsumeFlowResult,
  type ConsumedAuthorizationFlow,
  type FlowRefusal,
} from "./authorization-flows.ts";
export {
  deleteClientRegistration,
  findClientRegistration,
  saveClientRegistration,
  type ClientRegistrationInput,
  type StoredClientRegistration,
} from "./client-registrations.ts";
export {
  openConnectorSecretConfig,
  readConnectorConfig,
  readConnectorSecretConfig,
  sealConnectorSecretConfig,
  type ConnectorSettings,
} from "./connector-settings.ts";
export {
  readOAuthCredential,
  readOAuthCredentialById,
  saveOAuthCredential,
  type CredentialClientReference,
  type OAuthTokens,
  type OAuthTokensInput,
  type StoredOAuthCredential,
} from "./oauth-credentials.ts";
export {
  listRefreshSchedules,
  lockOAuthCredential,
  markCredentialNeedsReauth,
  recordRefreshFailure,
  storeRefreshedTokens,
  type RefreshSchedule,
} from "./credential-refresh-state.ts";
export {
  findProviderClientId,
  readProviderClient,
  saveProviderClient,
  type ProviderClientCredentials,
  type ProviderClientOwner,
  type ProviderClientSettings,
} from "./provider-clients.ts";
