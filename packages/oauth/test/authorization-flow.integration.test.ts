import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  beginAuthorization,
  completeAuthorization,
  createGuardedFetch,
  createStaticClient,
  discoverAuthorizationServer,
  OAuthError,
  refreshTokens,
  resolveClient,
  revokeToken,
  type AuthorizationServerMetadata,
  type GuardedFetch,
  type OAuthClient,
  type TokenSet,
} from "../src/index.ts";
import { startTestProvider, type TestProvider } from "../src/testing/index.ts";

const resource = "http://127.0.0.1:1/mcp";

let provider: TestProvider;
let fetch: GuardedFetch;
let authorizationServer: AuthorizationServerMetadata;

beforeAll(async () => {
  provider = await startTestProvider();
  fetch = createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [provider.host] });
  authorizationServer = await discoverAuthorizationServer(provider.issuer, { fetch });
});

afterAll(async () => {
  await provider.close();
});

async function authorize(client: OAuthClient, scopes = ["mcp:read"]): Promise<TokenSet> {
  const { authorizationUrl, flowState } = await beginAuthorization({
    authorizationServer,
    client,
    redirectUri: provider.redirectUri,
    resource,
    scopes,
  });
  const callback = await provider.authorize(authorizationUrl);
  return completeAuthorization(flowState, callback.searchParams, client, { authorizationServer, fetch });
}

async function audienceOf(accessToken: string): Promise<unknown> {
  return (await provider.provider.AccessToken.find(accessToken))?.aud;
}

describe("authorization code flow against oidc-provider", () => {
  it("discovers the provider's metadata with PKCE S256 and iss support", () => {
    expect(authorizationServer).toMatchObject({
      issuer: provider.issuer,
      code_challenge_methods_supported: ["S256"],
      authorization_response_iss_parameter_supported: true,
    });
  });

  it.each(["basic", "post", "public"] as const)("issues tokens to the %s static client", async (kind) => {
    const client = createStaticClient(provider.clients[kind], authorizationServer);
    expect(client.tokenEndpointAuthMethod).toBe(provider.clients[kind].tokenEndpointAuthMethod);
    const tokens = await authorize(client);
    expect(tokens).toMatchObject({ tokenType: "bearer", scope: "mcp:read" });
    expect(tokens.accessToken).toEqual(expect.any(String));
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 3000_000);
    expect(await audienceOf(tokens.accessToken)).toBe(resource);
  });

  it("registers dynamically once per issuer and reuses the registration", async () => {
    const metadata = { clientName: "Switchboard test", redirectUris: [provider.redirectUri], scope: "mcp:read" };
    const first = await resolveClient({ authorizationServer, metadata, fetch });
    expect(first.client).toMatchObject({
      registration: "dynamic",
      issuer: provider.issuer,
      tokenEndpointAuthMethod: "client_secret_basic",
    });
    expect(Object.keys(first.registrations)).toEqual([provider.issuer]);
    const registered = await provider.provider.Client.find(first.client.clientId);
    expect(registered?.applicationType).toBe("web");

    const second = await resolveClient({ authorizationServer, metadata, registrations: first.registrations, fetch });
    expect(second.client).toBe(first.client);
    const tokens = await authorize(second.client);
    expect(await audienceOf(tokens.accessToken)).toBe(resource);
  });

  it("rotates refresh tokens and the provider refuses the old one afterwards", async () => {
    const client = createStaticClient(provider.clients.basic, authorizationServer);
    const tokens = await authorize(client);
    const refreshed = await refreshTokens(client, authorizationServer, tokens.refreshToken ?? "", { resource, fetch });
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(await audienceOf(refreshed.accessToken)).toBe(resource);

    const reuse = await refreshTokens(client, authorizationServer, tokens.refreshToken ?? "", {
      resource,
      fetch,
    }).catch((error: unknown) => error);
    expect(reuse).toMatchObject({ code: "invalid_grant", retryable: false });
    // Reuse detection revokes the whole grant: why refreshes must be single-flight.
    await expect(
      refreshTokens(client, authorizationServer, refreshed.refreshToken ?? "", { resource, fetch }),
    ).rejects.toMatchObject({ code: "invalid_grant" });
  });

  it("revokes a refresh token (RFC 7009) so it can no longer be used", async () => {
    const client = createStaticClient(provider.clients.post, authorizationServer);
    const tokens = await authorize(client);
    await expect(
      revokeToken(client, authorizationServer, tokens.refreshToken ?? "", { tokenTypeHint: "refresh_token", fetch }),
    ).resolves.toBe(true);
    await expect(
      refreshTokens(client, authorizationServer, tokens.refreshToken ?? "", { fetch }),
    ).rejects.toMatchObject({
      code: "invalid_grant",
      retryable: false,
    });
  });

  it("classifies a grant revoked at the provider as invalid_grant", async () => {
    const client = createStaticClient(provider.clients.public, authorizationServer);
    const tokens = await authorize(client);
    await provider.revokeGrant(tokens.refreshToken ?? "");
    await expect(
      refreshTokens(client, authorizationServer, tokens.refreshToken ?? "", { fetch }),
    ).rejects.toMatchObject({
      code: "invalid_grant",
      retryable: false,
    });
  });
});

describe("callback validation against oidc-provider", () => {
  const client = () => createStaticClient(provider.clients.basic, authorizationServer);

  async function startFlow(options: { deny?: boolean } = {}) {
    const started = await beginAuthorization({
      authorizationServer,
      client: client(),
      redirectUri: provider.redirectUri,
      resource,
      scopes: ["mcp:read"],
    });
    const callback = await provider.authorize(started.authorizationUrl, options);
    return { ...started, params: callback.searchParams };
  }

  const complete = (flowState: Parameters<typeof completeAuthorization>[0], params: URLSearchParams) =>
    completeAuthorization(flowState, params, client(), { authorizationServer, fetch });

  it("rejects a wrong state without redeeming the code", async () => {
    const { flowState, params } = await startFlow();
    const forged = new URLSearchParams(params);
    forged.set("state", "forged-state-value-forged-state-value");
    await expect(complete(flowState, forged)).rejects.toMatchObject({ code: "state_mismatch" });
    await expect(complete(flowState, params)).resolves.toMatchObject({ tokenType: "bearer" });
  });

  it("rejects a wrong or missing iss", async () => {
    const { flowState, params } = await startFlow();
    const wrong = new URLSearchParams(params);
    wrong.set("iss", "http://127.0.0.1:1");
    await expect(complete(flowState, wrong)).rejects.toMatchObject({ code: "issuer_mismatch" });
    const missing = new URLSearchParams(params);
    missing.delete("iss");
    await expect(complete(flowState, missing)).rejects.toMatchObject({ code: "issuer_mismatch" });
  });

  it("refuses a flow without its verifier, and the provider refuses a wrong verifier", async () => {
    const first = await startFlow();
    const { codeVerifier: _dropped, ...withoutVerifier } = first.flowState;
    await expect(complete(withoutVerifier as typeof first.flowState, first.params)).rejects.toMatchObject({
      code: "invalid_flow_state",
    });

    const second = await startFlow();
    const wrongVerifier = { ...second.flowState, codeVerifier: first.flowState.codeVerifier };
    await expect(complete(wrongVerifier, second.params)).rejects.toMatchObject({ code: "invalid_grant" });
  });

  it("reports a denied consent as access_denied", async () => {
    const { flowState, params } = await startFlow({ deny: true });
    await expect(complete(flowState, params)).rejects.toMatchObject({
      code: "access_denied",
      message: "Access was denied at the provider.",
    });
  });

  it("refuses an expired flow and a redeemed code", async () => {
    const { flowState, params } = await startFlow();
    await expect(
      completeAuthorization(flowState, params, client(), { authorizationServer, fetch, maxAgeMs: -1 }),
    ).rejects.toMatchObject({ code: "flow_expired" });
    await complete(flowState, params);
    await expect(complete(flowState, params)).rejects.toMatchObject({ code: "invalid_grant" });
  });

  it("keeps every secret out of error messages", async () => {
    const { flowState, params } = await startFlow();
    const secrets = [
      provider.clients.basic.clientSecret,
      flowState.codeVerifier,
      params.get("code") ?? "",
      flowState.state,
    ];
    const failures: unknown[] = [];
    const forged = new URLSearchParams(params);
    forged.set("state", "x".repeat(43));
    failures.push(await complete(flowState, forged).catch((error: unknown) => error));
    const badSecret = { ...client(), clientSecret: `${provider.clients.basic.clientSecret}-wrong` };
    failures.push(
      await completeAuthorization(flowState, params, badSecret, { authorizationServer, fetch }).catch(
        (e: unknown) => e,
      ),
    );
    const tokens = await complete(flowState, params).catch((error: unknown) => error);
    failures.push(tokens);
    failures.push(await complete(flowState, params).catch((error: unknown) => error));
    failures.push(
      await refreshTokens(badSecret, authorizationServer, "refresh-token-value-that-is-secret", { fetch }).catch(
        (error: unknown) => error,
      ),
    );
    secrets.push(`${provider.clients.basic.clientSecret}-wrong`, "refresh-token-value-that-is-secret");

    const errors = failures.filter((failure): failure is OAuthError => failure instanceof OAuthError);
    expect(errors.map((error) => error.code)).toEqual([
      "state_mismatch",
      "invalid_client",
      "invalid_grant",
      "invalid_client",
    ]);
    for (const error of errors) {
      const rendered = `${error.message}\n${error.stack}\n${JSON.stringify(error)}\n${inspect(error, { depth: 10 })}`;
      for (const secret of secrets) expect(rendered).not.toContain(secret);
    }
  });
});
