import { describe, expect, it, vi } from "vitest";
import { createStaticAuthorizationServer } from "../discovery/create-static-authorization-server.ts";
import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import type { OAuthClient } from "../types.ts";
import { beginAuthorization } from "./begin-authorization.ts";
import { completeAuthorization } from "./complete-authorization.ts";

// Servers that do not send RFC 9207 `iss`: the flow's own issuer and client binding is then the
// only mix-up defence, so these tests use such servers.
const honest: AuthorizationServerMetadata = {
  issuer: "https://auth.example.com",
  authorization_endpoint: "https://auth.example.com/authorize",
  token_endpoint: "https://auth.example.com/token",
};
const attacker: AuthorizationServerMetadata = {
  issuer: "https://evil.example.net",
  authorization_endpoint: "https://evil.example.net/authorize",
  token_endpoint: "https://evil.example.net/token",
};
const client: OAuthClient = {
  clientId: "client-1",
  clientSecret: "client-secret-1",
  tokenEndpointAuthMethod: "client_secret_post",
  registration: "static",
};
const redirectUri = "https://switchboard.example.com/oauth/callback";

interface SentRequest {
  url: string;
  body: URLSearchParams;
}

/** A token endpoint that answers every request with a token and records what it was sent. */
function createTokenEndpointStub() {
  const sent: SentRequest[] = [];
  const fetch = Object.assign(
    async (input: string | URL | Request, init?: RequestInit) => {
      sent.push({ url: String(input), body: new URLSearchParams(String(init?.body ?? "")) });
      return Response.json({ access_token: "access-1", token_type: "Bearer", expires_in: 3600 });
    },
    { allowInsecureHttp: false },
  ) satisfies GuardedFetch;
  return { fetch, sent };
}

async function startFlow(resource?: string) {
  const { flowState } = await beginAuthorization({ authorizationServer: honest, client, redirectUri, resource });
  return { flowState, callback: new URLSearchParams({ code: "code-1", state: flowState.state }) };
}

describe("completeAuthorization", () => {
  it("redeems the code at the flow's token endpoint with the PKCE verifier", async () => {
    const { flowState, callback } = await startFlow();
    const { fetch, sent } = createTokenEndpointStub();
    const tokens = await completeAuthorization(flowState, callback, client, { authorizationServer: honest, fetch });
    expect(tokens).toMatchObject({ accessToken: "access-1", tokenType: "bearer" });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe("https://auth.example.com/token");
    expect(Object.fromEntries(sent[0]?.body ?? [])).toStrictEqual({
      grant_type: "authorization_code",
      code: "code-1",
      redirect_uri: redirectUri,
      code_verifier: flowState.codeVerifier,
      client_id: "client-1",
      client_secret: "client-secret-1",
    });
  });

  it("sends the flow's resource parameter on the token request", async () => {
    const { flowState, callback } = await startFlow("https://mcp.example.com/mcp");
    const { fetch, sent } = createTokenEndpointStub();
    await completeAuthorization(flowState, callback, client, { authorizationServer: honest, fetch });
    expect(sent[0]?.body.getAll("resource")).toStrictEqual(["https://mcp.example.com/mcp"]);
  });

  it("refuses a flow started with another issuer before sending the code or secret (mix-up without iss)", async () => {
    const { flowState, callback } = await startFlow();
    const { fetch, sent } = createTokenEndpointStub();
    await expect(
      completeAuthorization(flowState, callback, client, { authorizationServer: attacker, fetch }),
    ).rejects.toMatchObject({ code: "issuer_mismatch" });
    expect(sent).toStrictEqual([]);
  });

  it("refuses a flow started with another client id", async () => {
    const { flowState, callback } = await startFlow();
    const { fetch, sent } = createTokenEndpointStub();
    const other = { ...client, clientId: "client-2" };
    await expect(
      completeAuthorization(flowState, callback, other, { authorizationServer: honest, fetch }),
    ).rejects.toMatchObject({ code: "invalid_flow_state" });
    expect(sent).toStrictEqual([]);
  });

  it("refuses a client registered with another issuer (assertClientBelongsTo) before sending its secret", async () => {
    const { flowState, callback } = await startFlow();
    const { fetch, sent } = createTokenEndpointStub();
    const foreign = { ...client, issuer: attacker.issuer };
    await expect(
      completeAuthorization(flowState, callback, foreign, { authorizationServer: honest, fetch }),
    ).rejects.toMatchObject({ code: "issuer_mismatch" });
    expect(sent).toStrictEqual([]);
  });

  it("checks the callback's state before redeeming, and reports the requested scopes when the server names none", async () => {
    const { flowState } = await beginAuthorization({
      authorizationServer: honest,
      client,
      redirectUri,
      scopes: ["files:read", "offline_access"],
    });
    const { fetch, sent } = createTokenEndpointStub();
    const forged = new URLSearchParams({ code: "code-1", state: "forged-state" });
    await expect(
      completeAuthorization(flowState, forged, client, { authorizationServer: honest, fetch }),
    ).rejects.toMatchObject({ code: "state_mismatch" });
    expect(sent).toStrictEqual([]);
    const callback = new URLSearchParams({ code: "code-1", state: flowState.state });
    const tokens = await completeAuthorization(flowState, callback, client, { authorizationServer: honest, fetch });
    expect(tokens.scope).toBe("files:read offline_access");
  });

  it("refuses an expired or corrupt flow state", async () => {
    const { flowState, callback } = await startFlow();
    const { fetch, sent } = createTokenEndpointStub();
    const old = { ...flowState, createdAt: new Date(Date.now() - 11 * 60_000).toISOString() };
    await expect(
      completeAuthorization(old, callback, client, { authorizationServer: honest, fetch }),
    ).rejects.toMatchObject({ code: "flow_expired" });
    await expect(
      completeAuthorization(flowState, callback, client, { authorizationServer: honest, fetch, maxAgeMs: -1 }),
    ).rejects.toMatchObject({ code: "flow_expired" });
    await expect(
      completeAuthorization({ ...flowState, codeVerifier: "short" }, callback, client, {
        authorizationServer: honest,
        fetch,
      }),
    ).rejects.toMatchObject({ code: "invalid_flow_state" });
    expect(sent).toStrictEqual([]);
  });
});

describe("completeAuthorization refusals", () => {
  async function refusal(
    flowState: Awaited<ReturnType<typeof startFlow>>["flowState"],
    callback: URLSearchParams,
    options: { authorizationServer?: AuthorizationServerMetadata; client?: OAuthClient; maxAgeMs?: number } = {},
  ) {
    const { fetch, sent } = createTokenEndpointStub();
    const error = await completeAuthorization(flowState, callback, options.client ?? client, {
      authorizationServer: options.authorizationServer ?? honest,
      fetch,
      ...(options.maxAgeMs !== undefined && { maxAgeMs: options.maxAgeMs }),
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    return { error, sent };
  }

  it("names the reason in each refusal", async () => {
    const { flowState, callback } = await startFlow();
    expect((await refusal(flowState, callback, { authorizationServer: attacker })).error).toMatchObject({
      message: "The flow was started with a different authorization server.",
    });
    expect((await refusal(flowState, callback, { client: { ...client, clientId: "client-2" } })).error).toMatchObject({
      message: "The flow was started with a different client.",
    });
    expect((await refusal({ ...flowState, state: "" }, callback)).error).toMatchObject({
      code: "invalid_flow_state",
      message: "The stored authorization flow is incomplete or corrupt.",
    });
    const old = { ...flowState, createdAt: new Date(Date.now() - 11 * 60_000).toISOString() };
    expect((await refusal(old, callback)).error).toMatchObject({
      message: "The authorization took too long; start again.",
    });
  });

  it("reports the provider's error from the callback before redeeming anything", async () => {
    const { flowState } = await startFlow();
    const denied = new URLSearchParams({ error: "access_denied", state: flowState.state });
    const { error, sent } = await refusal(flowState, denied);
    expect(error).toMatchObject({ code: "access_denied" });
    expect(sent).toStrictEqual([]);
  });

  it("refuses response forms this client does not support (JARM)", async () => {
    const { flowState } = await startFlow();
    const jarm = new URLSearchParams({ code: "code-1", state: flowState.state, response: "eyJ.jwt.x" });
    const { error, sent } = await refusal(flowState, jarm);
    expect(error).toMatchObject({
      code: "provider_error",
      message: "The authorization response has a form this client does not support.",
    });
    expect(sent).toStrictEqual([]);
  });

  it("accepts a flow exactly maxAgeMs old and refuses one a millisecond older", async () => {
    vi.useFakeTimers({ now: new Date("2030-01-01T00:10:00.000Z") });
    try {
      const { flowState, callback } = await startFlow();
      const aged = (ms: number) => ({ ...flowState, createdAt: new Date(Date.now() - ms).toISOString() });
      expect((await refusal(aged(60_000), callback, { maxAgeMs: 60_000 })).error).toBeUndefined();
      expect((await refusal(aged(60_001), callback, { maxAgeMs: 60_000 })).error).toMatchObject({
        code: "flow_expired",
      });
      expect((await refusal(aged(10 * 60_000), callback)).error).toBeUndefined();
      expect((await refusal(aged(10 * 60_000 + 1), callback)).error).toMatchObject({ code: "flow_expired" });
    } finally {
      vi.useRealTimers();
    }
  });

  it("reports no scope when the flow requested none and the server named none", async () => {
    const { flowState, callback } = await startFlow();
    const { fetch } = createTokenEndpointStub();
    const tokens = await completeAuthorization(flowState, callback, client, { authorizationServer: honest, fetch });
    expect(tokens.scope).toBeUndefined();
  });
});

describe("finding: Google answers a provider configured by endpoints with iss=https://accounts.google.com", () => {
  // Google adds RFC 9207 `iss` to its authorization responses without announcing it in metadata
  // (openiddict/openiddict-core#2428). An entry with static endpoints (the built-in Google Drive)
  // is keyed by its token endpoint's origin, https://oauth2.googleapis.com: every sign-in failed.
  const google = createStaticAuthorizationServer({
    authorizationEndpoint: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenEndpoint: "https://oauth2.googleapis.com/token",
  });

  async function callbackWith(authorizationServer: AuthorizationServerMetadata, iss: string) {
    const { flowState } = await beginAuthorization({ authorizationServer, client, redirectUri });
    const callback = new URLSearchParams({ code: "code-1", state: flowState.state, iss, scope: "drive.readonly" });
    const { fetch, sent } = createTokenEndpointStub();
    const outcome = await completeAuthorization(flowState, callback, client, { authorizationServer, fetch }).then(
      (tokens) => tokens,
      (error: unknown) => error,
    );
    return { outcome, sent };
  }

  it("accepts the origin of the authorization endpoint the user was sent to as iss", async () => {
    const { outcome, sent } = await callbackWith(google, "https://accounts.google.com");
    expect(outcome).toMatchObject({ accessToken: "access-1" });
    expect(sent[0]?.url).toBe("https://oauth2.googleapis.com/token");
  });

  it("still refuses any other iss before the code is sent anywhere", async () => {
    for (const iss of [
      "https://evil.example.net",
      "https://accounts.google.com.evil.example",
      "https://accounts.google.com/x",
    ]) {
      const { outcome, sent } = await callbackWith(google, iss);
      expect(outcome).toMatchObject({ code: "issuer_mismatch" });
      expect(sent).toStrictEqual([]);
    }
  });

  it("grants discovered metadata, whose issuer is known, no such leeway", async () => {
    const discovered = { ...honest, authorization_endpoint: "https://accounts.google.com/o/oauth2/v2/auth" };
    const { outcome, sent } = await callbackWith(discovered, "https://accounts.google.com");
    expect(outcome).toMatchObject({ code: "issuer_mismatch" });
    expect(sent).toStrictEqual([]);
  });
});
