import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  authorizeWithIdJag,
  beginAuthorization,
  completeAuthorization,
  createGuardedFetch,
  createStaticClient,
  discoverAuthorizationServer,
  exchangeIdJag,
  ID_JAG_GRANT_PROFILE,
  JWT_BEARER_GRANT_TYPE,
  OAuthError,
  refreshTokens,
  requestIdJag,
  type AuthorizationServerMetadata,
  type GuardedFetch,
  type OAuthClient,
  type TokenSet,
} from "../src/index.ts";
import { createJwtBearerGrant, createTokenExchangeGrant } from "./id-jag-grants.ts";
import { sendJson, startLocalHttpServer, type LocalHttpServer } from "./local-http-server.ts";
import { startTestProvider, type TestProvider } from "./oidc-provider.ts";

const TOKEN_EXCHANGE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
const resource = "http://127.0.0.1:1/mcp";

// A company IdP and an MCP server's authorization server, both real oidc-provider instances:
// the IdP issues ID-JAGs for the upstream only, with mcp:read only; the upstream trusts the IdP.
let idp: TestProvider;
let upstream: TestProvider;
let hostileIdp: LocalHttpServer;
let fetch: GuardedFetch;
let idpMetadata: AuthorizationServerMetadata;
let upstreamMetadata: AuthorizationServerMetadata;
let idpClient: OAuthClient;
let upstreamClient: OAuthClient;
let idToken: string;
let idpRefreshToken: string | undefined;

beforeAll(async () => {
  upstream = await startTestProvider({
    grants: {
      [JWT_BEARER_GRANT_TYPE]: createJwtBearerGrant(
        () => upstream,
        () => idp,
      ),
    },
    metadata: { authorization_grant_profiles_supported: [ID_JAG_GRANT_PROFILE] },
  });
  idp = await startTestProvider({
    grants: {
      [TOKEN_EXCHANGE_GRANT_TYPE]: createTokenExchangeGrant(() => idp, {
        clientIds: { [upstream.issuer]: upstream.clients.basic.clientId },
        allowedScopes: ["mcp:read"],
      }),
    },
  });
  hostileIdp = await startLocalHttpServer((_req, res) =>
    sendJson(res, 200, {
      access_token: "an-access-token-not-an-id-jag",
      issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
      token_type: "Bearer",
    }),
  );
  fetch = createGuardedFetch({
    allowInsecureHttp: true,
    allowedDestinations: [idp.host, upstream.host, hostileIdp.host],
  });
  [idpMetadata, upstreamMetadata] = await Promise.all([
    discoverAuthorizationServer(idp.issuer, { fetch }),
    discoverAuthorizationServer(upstream.issuer, { fetch }),
  ]);
  idpClient = createStaticClient({ ...idp.clients.basic, issuer: idp.issuer });
  upstreamClient = createStaticClient({ ...upstream.clients.basic, issuer: upstream.issuer });
  ({ idToken, refreshToken: idpRefreshToken } = await signInAtIdp("alice"));
});

afterAll(async () => {
  await Promise.all([idp.close(), upstream.close(), hostileIdp.close()]);
});

/** The member's SSO sign-in: an authorization code flow at the IdP with `openid`, for the ID token. */
async function signInAtIdp(accountId: string): Promise<TokenSet & { idToken: string }> {
  const { authorizationUrl, flowState } = await beginAuthorization({
    authorizationServer: idpMetadata,
    client: idpClient,
    redirectUri: idp.redirectUri,
    scopes: ["openid"],
  });
  const callback = await idp.authorize(authorizationUrl, { accountId });
  const tokens = await completeAuthorization(flowState, callback.searchParams, idpClient, {
    authorizationServer: idpMetadata,
    fetch,
  });
  if (!tokens.idToken) throw new Error("the IdP issued no ID token");
  return { ...tokens, idToken: tokens.idToken };
}

function authorize(overrides: Partial<Parameters<typeof authorizeWithIdJag>[0]> = {}) {
  return authorizeWithIdJag({
    idToken,
    idp: idpMetadata,
    idpClient,
    authorizationServer: upstreamMetadata,
    client: upstreamClient,
    resource,
    scopes: ["mcp:read", "mcp:write"],
    fetch,
    ...overrides,
  });
}

async function rejectionOf(promise: Promise<unknown>): Promise<OAuthError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

describe("enterprise-managed authorization against oidc-provider IdP and authorization server", () => {
  it("gets the signed-in member an upstream token without the upstream's consent, with the scopes the IdP allows", async () => {
    const tokens = await authorize();

    expect(tokens).toMatchObject({ tokenType: "bearer", scope: "mcp:read" });
    const stored = await upstream.provider.AccessToken.find(tokens.accessToken);
    expect(stored).toMatchObject({ accountId: "alice", clientId: upstream.clients.basic.clientId, aud: resource });
    expect(stored?.scope).toBe("mcp:read");
  });

  it("renews without the member: the IdP refresh token yields a new ID token, which buys a new upstream token", async () => {
    const renewed = await refreshTokens(idpClient, idpMetadata, idpRefreshToken ?? "", { fetch });
    expect(renewed.idToken).toBeDefined();

    const tokens = await authorize({ idToken: renewed.idToken });
    expect(await upstream.provider.AccessToken.find(tokens.accessToken)).toMatchObject({ accountId: "alice" });
  });

  it("does not ask a server that redeems no ID-JAG (it must fall back to the authorization code flow)", async () => {
    const error = await rejectionOf(authorize({ authorizationServer: idpMetadata, client: idpClient }));
    expect(error.code).toBe("grant_unsupported");
  });

  it("surfaces the IdP's policy refusal for an upstream it does not allow", async () => {
    const elsewhere = { ...upstreamMetadata, issuer: "http://127.0.0.1:2" };
    const error = await rejectionOf(authorize({ authorizationServer: elsewhere }));
    expect(error).toMatchObject({ code: "provider_error", providerError: "invalid_target", status: 400 });
  });

  it("reports an ID token the IdP does not accept as invalid_grant (sign in again)", async () => {
    const [header, payload] = idToken.split(".");
    const error = await rejectionOf(authorize({ idToken: `${header}.${payload}.forged-signature` }));
    expect(error.code).toBe("invalid_grant");
    expect(error.message).not.toContain(payload);
  });

  it("reports an ID-JAG the upstream refuses (issued for another client) as invalid_grant", async () => {
    const idJag = await requestIdJag(
      idpMetadata,
      idpClient,
      { idToken, audience: upstream.issuer, resource },
      { fetch },
    );
    const otherClient = createStaticClient({ ...upstream.clients.post, issuer: upstream.issuer });
    const error = await rejectionOf(exchangeIdJag(otherClient, upstreamMetadata, idJag.assertion, { resource, fetch }));
    expect(error.code).toBe("invalid_grant");
  });

  it("refuses an IdP answer that is not an ID-JAG", async () => {
    const hostile = { issuer: hostileIdp.url, token_endpoint: `${hostileIdp.url}/token` };
    const client = createStaticClient({ clientId: "switchboard", clientSecret: "secret" });
    const error = await rejectionOf(
      requestIdJag(hostile, client, { idToken, audience: upstream.issuer, resource }, { fetch }),
    );
    expect(error.code).toBe("invalid_token_response");
  });
});
