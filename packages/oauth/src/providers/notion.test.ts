import { describe, expect, it } from "vitest";
import {
  beginAuthorization,
  completeAuthorization,
  createStaticAuthorizationServer,
  createStaticClient,
  refreshTokens,
} from "../index.ts";
import { selectTokenRequestFetch } from "./notion.ts";

// A stand-in for Notion's public-connection OAuth, answering as developers.notion.com documents
// ("Authorization", "Create a token", "Refresh a token"): POST /v1/oauth/token with HTTP Basic
// client credentials and a JSON body; the answer carries a refresh token that rotates and no
// expires_in. Notion's API reads JSON bodies only: a form body is a validation error.
const CLIENT = { clientId: "1a2b3c4d-0000-4000-8000-00000000c11e", clientSecret: "secret_notion0123456789", tokenEndpointAuthMethod: "client_secret_basic" } as const; // prettier-ignore
const TOKEN_ENDPOINT = "https://api.notion.com/v1/oauth/token";
const BASIC = `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString("base64")}`;

function notion() {
  const seen: { contentType: string | null; body: Record<string, unknown> }[] = [];
  const fetch = Object.assign(
    async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.url !== TOKEN_ENDPOINT) return new Response("not found", { status: 404 });
      const contentType = request.headers.get("content-type");
      const text = await request.text();
      if (!contentType?.startsWith("application/json")) {
        return Response.json(
          { object: "error", status: 400, code: "validation_error", message: "body failed validation." },
          { status: 400 },
        );
      }
      const body = JSON.parse(text) as Record<string, unknown>;
      seen.push({ contentType, body });
      if (request.headers.get("authorization") !== BASIC) {
        return Response.json({ error: "invalid_client", error_description: "Invalid client." }, { status: 401 });
      }
      return Response.json({
        access_token: `ntn_${String(body.grant_type)}`,
        token_type: "bearer",
        refresh_token: `nrt_${String(body.grant_type)}`,
        bot_id: "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        workspace_name: "Acme",
        workspace_id: "3c90c3cc-0d44-4b50-8888-8dd25736052b",
        owner: { type: "user", user: { object: "user", id: "u1" } },
        request_id: "3c90c3cc-0d44-4b50-8888-8dd25736052c",
      });
    },
    { allowInsecureHttp: false },
  );
  return { fetch, seen };
}

describe("finding: Notion's token endpoint reads JSON only, and got a form body", () => {
  it("redeems the code and refreshes with a JSON body and Basic client credentials", async () => {
    const { fetch, seen } = notion();
    const authorizationServer = createStaticAuthorizationServer({
      authorizationEndpoint: "https://api.notion.com/v1/oauth/authorize",
      tokenEndpoint: TOKEN_ENDPOINT,
    });
    const client = createStaticClient(CLIENT, authorizationServer);
    const redirectUri = "https://switchboard.example.com/oauth/callback";
    const { authorizationUrl, flowState } = await beginAuthorization({
      authorizationServer,
      client,
      redirectUri,
      extraParams: { owner: "user" },
    });
    expect(new URL(authorizationUrl).searchParams.get("owner")).toBe("user");
    const callback = new URLSearchParams({ code: "notion-code", state: flowState.state });
    const tokens = await completeAuthorization(flowState, callback, client, { authorizationServer, fetch });
    expect(tokens).toMatchObject({ accessToken: "ntn_authorization_code", refreshToken: "nrt_authorization_code" });
    expect(tokens.expiresAt).toBeUndefined();

    const refreshed = await refreshTokens(client, authorizationServer, tokens.refreshToken ?? "", { fetch });
    expect(refreshed).toMatchObject({ accessToken: "ntn_refresh_token", refreshToken: "nrt_refresh_token" });
    expect(seen.map(({ body }) => body)).toEqual([
      {
        grant_type: "authorization_code",
        code: "notion-code",
        redirect_uri: redirectUri,
        code_verifier: flowState.codeVerifier,
      },
      { grant_type: "refresh_token", refresh_token: "nrt_authorization_code" },
    ]);
  });

  it("wraps only Notion's endpoints, and keeps the guard's http policy", async () => {
    const guarded = Object.assign(async () => new Response(), { allowInsecureHttp: true });
    expect(selectTokenRequestFetch("https://oauth2.googleapis.com/token", guarded)).toBe(guarded);
    const wrapped = selectTokenRequestFetch(TOKEN_ENDPOINT, guarded);
    expect(wrapped).not.toBe(guarded);
    expect(wrapped.allowInsecureHttp).toBe(true);
    await expect(wrapped(TOKEN_ENDPOINT)).resolves.toBeInstanceOf(Response);
  });
});
