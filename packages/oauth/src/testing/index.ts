// Test helpers for other workspaces' integration and e2e tests; never imported by production code.
export {
  startTestProvider,
  type AuthorizeOptions,
  type TestClient,
  type TestProvider,
  type TestProviderOptions,
} from "../../test/oidc-provider.ts";
