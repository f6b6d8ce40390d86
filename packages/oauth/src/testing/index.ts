// Test helpers for other workspaces' integration and e2e tests; never imported by production code.
export {
  startTestProvider,
  type AuthorizeOptions,
  type TestClient,
  type TestGrant,
  type TestProvider,
  type TestProviderOptions,
} from "../../test/oidc-provider.ts";
export { createJwtBearerGrant, createTokenExchangeGrant, type IdJagPolicy } from "../../test/id-jag-grants.ts";
export { InMemoryOAuthClient } from "../../test/in-memory-oauth-client.ts";
export { sendJson, startLocalHttpServer, type LocalHttpServer } from "../../test/local-http-server.ts";
export { createEntraStandIn, ENTRA_API_SCOPE, ENTRA_LOGIN, type EntraStandIn } from "../../test/entra-stand-in.ts";
