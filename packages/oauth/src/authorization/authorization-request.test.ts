import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import { OAuthError } from "../errors.ts";
import type { OAuthClient } from "../types.ts";
import { beginAuthorization } from "./begin-authorization.ts";
import { validateCallbackParams } from "./validate-callback.ts";

const authorizationServer: AuthorizationServerMetadata = {
  issuer: "https://auth.example.com",
  authorization_endpoint: "https://auth.example.com/authorize?tenant=t1",
  token_endpoint: "https://auth.example.com/token",
  authorization_response_iss_parameter_supported: true,
};
const client: OAuthClient = { clientId: "client-1", tokenEndpointAuthMethod: "none", registration: "static" };
const redirectUri = "https://switchboard.example.com/oauth/callback";

async function begin(overrides: Partial<Parameters<typeof beginAuthorization>[0]> = {}) {
  return beginAuthorization({ authorizationServer, client, redirectUri, ...overrides });
}

describe("beginAuthorization", () => {
  it("builds the authorization URL with PKCE S256, state, resource, scope and extra parameters", async () => {
    const { authorizationUrl, flowState } = await begin({
      resource: "https://mcp.example.com/mcp",
      scopes: ["files:read", "offline_access"],
      extraParams: { audience: "api", prompt: "consent", access_type: "offline" },
    });
    const url = new URL(authorizationUrl);
    expect(url.origin + url.pathname).toBe("https://auth.example.com/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: "t1",
      audience: "api",
      prompt: "consent",
      access_type: "offline",
      client_id: "client-1",
      response_type: "code",
      redirect_uri: redirectUri,
      state: flowState.state,
      code_challenge: createHash("sha256").update(flowState.codeVerifier).digest("base64url"),
      code_challenge_method: "S256",
      scope: "files:read offline_access",
      resource: "https://mcp.example.com/mcp",
    });
    expect(flowState).toMatchObject({
      issuer: "https://auth.example.com",
      clientId: "client-1",
      redirectUri,
      resource: "https://mcp.example.com/mcp",
      scopes: ["files:read", "offline_access"],
    });
  });

  it("uses a fresh state of at least 128 bits every time and omits an empty scope", async () => {
    const first = await begin();
    const second = await begin();
    expect(Buffer.from(first.flowState.state, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(first.flowState.state).not.toBe(second.flowState.state);
    expect(first.flowState.codeVerifier).not.toBe(second.flowState.codeVerifier);
    expect(new URL(first.authorizationUrl).searchParams.has("scope")).toBe(false);
    expect(new URL(first.authorizationUrl).searchParams.has("resource")).toBe(false);
  });

  it("finding: Slack's user scopes go in user_scope, comma-separated, with no scope parameter at all", async () => {
    // api.slack.com/authentication/oauth-v2: `scope` asks for bot scopes, `user_scope` for the user
    // token a user-token server (SLACK_MCP_XOXP_TOKEN) needs; user scopes under `scope` are refused.
    const { authorizationUrl, flowState } = await begin({
      scopes: ["channels:history", "search:read"],
      scopeParameter: "user_scope",
    });
    const params = new URL(authorizationUrl).searchParams;
    expect(params.get("user_scope")).toBe("channels:history,search:read");
    expect(params.has("scope")).toBe(false);
    expect(flowState.scopes).toEqual(["channels:history", "search:read"]);
    const none = new URL((await begin({ scopeParameter: "user_scope" })).authorizationUrl).searchParams;
    expect([none.has("user_scope"), none.has("scope")]).toEqual([false, false]);
    await expect(
      begin({ scopes: ["search:read"], scopeParameter: "user_scope", extraParams: { user_scope: "admin" } }),
    ).rejects.toMatchObject({ code: "invalid_configuration", message: expect.stringContaining("user_scope") });
    // Where scopes go by default, user_scope is the provider's own business.
    const plain = new URL((await begin({ scopes: ["a"], extraParams: { user_scope: "b" } })).authorizationUrl);
    expect([plain.searchParams.get("scope"), plain.searchParams.get("user_scope")]).toEqual(["a", "b"]);
  });

  it("refuses extra parameters that would override the protocol, and unsafe redirect URIs", async () => {
    await expect(begin({ extraParams: { state: "fixed" } })).rejects.toMatchObject({ code: "invalid_configuration" });
    await expect(begin({ redirectUri: "http://switchboard.example.com/cb" })).rejects.toMatchObject({
      code: "invalid_configuration",
    });
    await expect(begin({ redirectUri: "http://127.0.0.1:3000/cb" })).resolves.toBeDefined();
  });

  it("refuses every protocol parameter as an extra parameter, naming them all", async () => {
    const names = ["client_id", "response_type", "redirect_uri", "state", "code_challenge"];
    const all = [...names, "code_challenge_method", "scope", "resource"];
    for (const name of all) {
      await expect(begin({ extraParams: { [name]: "x" } }), name).rejects.toMatchObject({
        code: "invalid_configuration",
      });
    }
    await expect(begin({ extraParams: Object.fromEntries(names.map((name) => [name, "x"])) })).rejects.toThrow(
      `Extra authorization parameters may not set ${names.join(", ")}.`,
    );
  });

  it("allows http redirect URIs only on loopback hosts, and no fragment", async () => {
    for (const redirect of ["http://localhost:3000/cb", "http://[::1]:3000/cb", "http://127.0.0.1/cb"]) {
      await expect(begin({ redirectUri: redirect }), redirect).resolves.toBeDefined();
    }
    for (const redirect of ["http://example.com/cb", "ftp://localhost/cb", "https://x.example/cb#f", "not a url"]) {
      await expect(begin({ redirectUri: redirect }), redirect).rejects.toThrow(
        "The redirect URI must be https (or http on a loopback host).",
      );
    }
  });

  it("refuses a client registered with another issuer", async () => {
    await expect(begin({ client: { ...client, issuer: "https://other.example.com" } })).rejects.toMatchObject({
      code: "issuer_mismatch",
    });
  });
});

describe("validateCallbackParams", () => {
  const callback = async (params: Record<string, string>, server = authorizationServer) => {
    const { flowState } = await begin();
    const search = new URLSearchParams(
      Object.fromEntries(
        Object.entries(params).map(([name, value]) => [name, value.replace("$STATE", flowState.state)]),
      ),
    );
    return () => validateCallbackParams(flowState, search, server);
  };

  it("accepts a valid response", async () => {
    const validate = await callback({ code: "abc", state: "$STATE", iss: "https://auth.example.com" });
    expect(validate).not.toThrow();
  });

  it("rejects a wrong or missing state before anything else", async () => {
    const responses: Record<string, string>[] = [
      { code: "abc", state: "forged", iss: "https://auth.example.com" },
      { code: "abc", iss: "https://auth.example.com" },
      { error: "access_denied", state: "forged" },
    ];
    for (const params of responses) {
      expect(await callback(params)).toThrow(expect.objectContaining({ code: "state_mismatch" }));
    }
  });

  it("requires iss when advertised and compares it exactly", async () => {
    expect(await callback({ code: "abc", state: "$STATE" })).toThrow(
      expect.objectContaining({ code: "issuer_mismatch" }),
    );
    expect(await callback({ code: "abc", state: "$STATE", iss: "https://auth.example.com/" })).toThrow(
      expect.objectContaining({ code: "issuer_mismatch" }),
    );
    const lenient = { ...authorizationServer, authorization_response_iss_parameter_supported: false };
    expect(await callback({ code: "abc", state: "$STATE" }, lenient)).not.toThrow();
  });

  it("turns provider errors into typed, user-safe errors", async () => {
    const denied = await callback({
      error: "access_denied",
      error_description: "User said no",
      state: "$STATE",
      iss: "https://auth.example.com",
    });
    expect(denied).toThrow(
      expect.objectContaining({ code: "access_denied", providerDescription: "User said no", retryable: false }),
    );
    const unavailable = await callback({
      error: "temporarily_unavailable",
      state: "$STATE",
      iss: "https://auth.example.com",
    });
    expect(unavailable).toThrow(expect.objectContaining({ code: "provider_error", retryable: true }));
    const hostile = await callback({ error: "<script>x</script>", state: "$STATE", iss: "https://auth.example.com" });
    expect(hostile).toThrow(expect.objectContaining({ providerError: "unrecognized error" }));
    expect(await callback({ state: "$STATE", iss: "https://auth.example.com" })).toThrow(OAuthError);
  });

  it("says what is wrong in user-safe words", async () => {
    const iss = "https://auth.example.com";
    const cases: [Record<string, string>, string][] = [
      [{ code: "abc", state: "forged", iss }, "The authorization response does not belong to this flow."],
      [
        { code: "abc", state: "$STATE", iss: "https://evil.example" },
        "The authorization response comes from an unexpected issuer.",
      ],
      [{ error: "access_denied", state: "$STATE", iss }, "Access was denied at the provider."],
      [
        { error: "server_error", state: "$STATE", iss },
        "The provider could not complete the authorization (server_error).",
      ],
      [{ code: "", state: "$STATE", iss }, "The authorization response carries no code."],
    ];
    for (const [params, message] of cases) {
      expect(await callback(params), message).toThrow(expect.objectContaining({ message }));
    }
    expect(await callback({ error: "server_error", state: "$STATE", iss })).toThrow(
      expect.objectContaining({ code: "provider_error", providerError: "server_error", retryable: true }),
    );
    expect(await callback({ code: "", state: "$STATE", iss })).toThrow(
      expect.objectContaining({ code: "provider_error" }),
    );
  });
});
