import { describe, expect, it } from "vitest";
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
