import type http from "node:http";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  beginAuthorization,
  completeAuthorization,
  createGuardedFetch,
  createStaticAuthorizationServer,
  createStaticClient,
  refreshTokens,
  type GuardedFetch,
  type OAuthClient,
} from "../src/index.ts";
import { sendJson, startLocalHttpServer, type LocalHttpServer } from "./local-http-server.ts";

// Stand-ins on 127.0.0.1 answering as the providers' published documentation says they do:
// GitHub: docs.github.com, "Generating a user access token for a GitHub App", "Refreshing user
//   access tokens", "Troubleshooting OAuth app access token request errors" (errors come with 200).
// Slack: docs.slack.dev/reference/methods/oauth.v2.access (user token under `authed_user`,
//   `"ok": false` errors with 200) and "Using token rotation".
// HubSpot: developers.hubspot.com "Refresh an OAuth access token" (form body, client secret in
//   it, expires_in 1800) and its error bodies {"status": "BAD_REFRESH_TOKEN", "message": ...} with
//   400 and no `error` (also quoted by nango.dev, "HubSpot OAuth BAD_REFRESH_TOKEN").
// Salesforce: help.salesforce.com "OAuth 2.0 Web Server Flow for Web App Integration" and "OAuth
//   2.0 Refresh Token Flow": no expires_in (the session lasts the org's timeout), issued_at in
//   milliseconds, instance_url, signature; a refresh answers without a refresh token.
// Atlassian: developer.atlassian.com "Implementing the Refresh Token Flow" (rotating refresh
//   tokens: each refresh returns a new one and disables the one used; a dead one is 403 with
//   {"error": "invalid_grant", "error_description": "Unknown or invalid refresh token."}).
const CLIENT_ID = "Iv1.8a61f9b3a7aba766";
const CLIENT_SECRET = "cs_00112233445566778899aabbccddeeff";
const DEAD_REFRESH_TOKEN = "ghr_deadbeefdeadbeefdeadbeefdeadbeef";

type Handler = (form: URLSearchParams, req: http.IncomingMessage, res: http.ServerResponse) => void;

const wantsJson = (req: http.IncomingMessage) => req.headers.accept?.includes("application/json") ?? false;

/** GitHub answers form-encoded unless asked for JSON, and errors with 200. */
function sendGitHub(req: http.IncomingMessage, res: http.ServerResponse, body: Record<string, string | number>) {
  if (wantsJson(req)) return sendJson(res, 200, body);
  res.writeHead(200, { "content-type": "application/x-www-form-urlencoded; charset=utf-8" });
  res.end(
    new URLSearchParams(
      Object.entries(body).map(([name, value]): [string, string] => [name, String(value)]),
    ).toString(),
  );
}

const routes: Record<string, Handler> = {
  "/github/login/oauth/access_token": (form, req, res) => {
    if (form.get("grant_type") === "refresh_token" && form.get("refresh_token") === DEAD_REFRESH_TOKEN) {
      return sendGitHub(req, res, {
        error: "bad_refresh_token",
        error_description: "The refresh token passed is incorrect or expired.",
        error_uri: "https://docs.github.com",
      });
    }
    if (form.get("code") === "used-code") {
      return sendGitHub(req, res, {
        error: "bad_verification_code",
        error_description: "The code passed is incorrect or expired.",
      });
    }
    if (form.get("client_secret") !== CLIENT_SECRET && !req.headers.authorization) {
      return sendGitHub(req, res, { error: "incorrect_client_credentials" });
    }
    sendGitHub(req, res, {
      access_token: "ghu_16C7e42F292c6912E7710c838347Ae178B4a",
      expires_in: 28800,
      refresh_token: "ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498",
      refresh_token_expires_in: 15811200,
      scope: "repo,gist",
      token_type: "bearer",
    });
  },
  "/slack/api/oauth.v2.access": (form, _req, res) => {
    if (form.get("grant_type") === "refresh_token") {
      if (form.get("refresh_token") === DEAD_REFRESH_TOKEN)
        return sendJson(res, 200, { ok: false, error: "invalid_refresh_token" });
      return sendJson(res, 200, {
        ok: true,
        access_token: "xoxe.xoxp-1-rotated",
        token_type: "user",
        scope: "search:read,channels:history",
        refresh_token: "xoxe-1-rotated",
        expires_in: 43200,
      });
    }
    if (form.get("code") === "used-code") return sendJson(res, 200, { ok: false, error: "invalid_code" });
    sendJson(res, 200, {
      ok: true,
      app_id: "A0KRD7HC3",
      authed_user: {
        id: "U1234",
        scope: "search:read,channels:history",
        access_token: "xoxe.xoxp-1-Mi0yLTM0MTQwNDE0MDE3Ni0zNjU5NjQ0",
        token_type: "user",
        refresh_token: "xoxe-1-My0xLTM0MTQwNDE0MDE3Ni0zNjU5NjQ0",
        expires_in: 43200,
      },
      team: { id: "T9TK3CUKW", name: "Slack Softball Team" },
      enterprise: null,
      is_enterprise_install: false,
    });
  },
  // Bot scopes too: the bot token at the top level, the user's under `authed_user`.
  "/slack-bot/api/oauth.v2.access": (_form, _req, res) =>
    sendJson(res, 200, {
      ok: true,
      access_token: "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
      token_type: "bot",
      scope: "commands,incoming-webhook",
      bot_user_id: "U0KRQLJ9H",
      authed_user: { id: "U1234", scope: "chat:write", access_token: "xoxp-1234", token_type: "user" },
    }),
  "/hubspot/oauth/v1/token": (form, _req, res) => {
    const correlation = { correlationId: "aeb5f871-7f07-4993-9211-075dc63e7cbf" };
    if (form.get("client_secret") !== CLIENT_SECRET) {
      return sendJson(res, 400, { status: "BAD_CLIENT_ID", message: "missing or unknown client id", ...correlation });
    }
    if (form.get("grant_type") === "refresh_token" && form.get("refresh_token") === DEAD_REFRESH_TOKEN) {
      return sendJson(res, 400, { status: "BAD_REFRESH_TOKEN", message: "missing or invalid refresh token", ...correlation }); // prettier-ignore
    }
    if (form.get("code") === "used-code") {
      return sendJson(res, 400, { status: "BAD_AUTH_CODE", message: "missing or unknown auth code", ...correlation });
    }
    sendJson(res, 200, {
      token_type: "bearer",
      refresh_token: "6f18f21e-a743-4509-b7fd-1a5e632fffa1",
      access_token: "CN2zlYnmLBICAQIYgZXFLyCWp1Yoy_9GMhkAgddk-zDc-H_rOad1X2s6Qv3fmG1spSY0Og0ACgJBAAADAIADAAABQhkA",
      expires_in: 1800,
    });
  },
  "/salesforce/services/oauth2/token": (form, _req, res) => {
    const refresh = form.get("grant_type") === "refresh_token";
    sendJson(res, 200, {
      access_token: `00D5e000000abcd!AQ${refresh ? "refreshed" : "issued"}`,
      ...(!refresh && { refresh_token: "5Aep861TSESvWeug_xvFHRBTTbf_YrTWgEyjBJrXCgT6i" }),
      signature: "Kx5IVCdU+uVQ9dMk4h4XsoBJ2yNcBgDq1n7VV5LN7xc=",
      scope: "refresh_token api",
      instance_url: "https://acme.my.salesforce.com",
      id: "https://login.salesforce.com/id/00D5e000000abcdEAA/0055e000001abcdAAA",
      token_type: "Bearer",
      issued_at: String(Date.now()),
    });
  },
  "/atlassian/oauth/token": (form, _req, res) => {
    if (form.get("grant_type") === "refresh_token" && form.get("refresh_token") !== "atlassian-refresh-1") {
      return sendJson(res, 403, { error: "invalid_grant", error_description: "Unknown or invalid refresh token." });
    }
    const next = form.get("grant_type") === "refresh_token" ? 2 : 1;
    sendJson(res, 200, {
      access_token: `atlassian-access-${next}`,
      refresh_token: `atlassian-refresh-${next}`,
      expires_in: 3600,
      scope: "read:jira-work offline_access",
      token_type: "Bearer",
    });
  },
  // Providers that omit token_type, send expires_in as a string, or name the type in capitals.
  "/loose/token": (form, _req, res) =>
    sendJson(res, 200, {
      access_token: `loose-${form.get("code") ?? "refreshed"}`,
      expires_in: "3600",
      ...(form.get("code") === "typed" && { token_type: "BEARER" }),
    }),
  // Microsoft Entra's ID tokens carry nbf (learn.microsoft.com, "ID token claims reference"); this
  // provider's clock runs two minutes ahead of Switchboard's.
  "/skewed/token": (_form, _req, res) => {
    const now = Math.floor(Date.now() / 1000) + 120;
    const claims = { iss: server.url, aud: CLIENT_ID, sub: "user-1", iat: now, nbf: now, exp: now + 3600 };
    const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString("base64url");
    const idToken = `${encode({ alg: "RS256", typ: "JWT" })}.${encode(claims)}.c2lnbmF0dXJl`;
    sendJson(res, 200, { access_token: "skewed-access", token_type: "Bearer", expires_in: 3600, id_token: idToken });
  },
  // An OpenID provider (Keycloak, Okta, Entra, Auth0) entered by its endpoints with `openid` among
  // the scopes: its ID token names the real issuer, a URL with a path, not the token endpoint's origin.
  "/realm/protocol/openid-connect/token": (form, _req, res) => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: `${server.url}/realms/acme`, aud: CLIENT_ID, sub: "user-1", iat: now, exp: now + 300 };
    const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString("base64url");
    sendJson(res, 200, {
      access_token: `realm-${form.get("grant_type") ?? ""}`,
      token_type: "Bearer",
      expires_in: 300,
      refresh_token: "realm-refresh",
      id_token: `${encode({ alg: "RS256" })}.${encode(claims)}.c2lnbmF0dXJl`,
    });
  },
};

let server: LocalHttpServer;
let fetch: GuardedFetch;

beforeAll(async () => {
  server = await startLocalHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const route = routes[new URL(req.url ?? "/", "http://x").pathname];
      if (!route) return sendJson(res, 404, { error: "not_found" });
      route(new URLSearchParams(Buffer.concat(chunks).toString()), req, res);
    });
  });
  fetch = createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [server.host] });
});

afterAll(() => server.close());

function provider(prefix: string, tokenPath: string) {
  const authorizationServer = createStaticAuthorizationServer({
    authorizationEndpoint: `${server.url}${prefix}/authorize`,
    tokenEndpoint: `${server.url}${tokenPath}`,
  });
  const client: OAuthClient = createStaticClient(
    { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tokenEndpointAuthMethod: "client_secret_post" },
    authorizationServer,
  );
  return { authorizationServer, client };
}

const github = () => provider("/github", "/github/login/oauth/access_token");
const slack = () => provider("/slack", "/slack/api/oauth.v2.access");

async function redeem(target: ReturnType<typeof provider>, code: string) {
  const { flowState } = await beginAuthorization({ ...target, redirectUri: "http://127.0.0.1/callback" });
  const callback = new URLSearchParams({ code, state: flowState.state });
  return completeAuthorization(flowState, callback, target.client, {
    authorizationServer: target.authorizationServer,
    fetch,
  });
}

function failureOf(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable("the request should have failed"),
    (error: unknown) => error as Error,
  );
}

describe("finding: GitHub reports a dead grant in a 200 body", () => {
  it("reads a GitHub App's expiring token with its refresh token and comma-separated scopes", async () => {
    const before = Date.now();
    const tokens = await redeem(github(), "fresh-code");
    expect(tokens).toMatchObject({
      accessToken: "ghu_16C7e42F292c6912E7710c838347Ae178B4a",
      refreshToken: expect.stringMatching(/^ghr_/),
      scope: "repo gist",
      tokenType: "bearer",
    });
    expect(tokens.expiresAt?.getTime()).toBeGreaterThanOrEqual(before + 28_800_000);
  });

  it("bad_refresh_token is invalid_grant (authorize again), not a malformed response retried forever", async () => {
    const { authorizationServer, client } = github();
    const error = await failureOf(refreshTokens(client, authorizationServer, DEAD_REFRESH_TOKEN, { fetch }));
    expect(error).toMatchObject({ code: "invalid_grant", retryable: false });
    expect(inspect(error) + JSON.stringify(error)).not.toContain(DEAD_REFRESH_TOKEN);
  });

  it("bad_verification_code is invalid_grant and incorrect_client_credentials is invalid_client", async () => {
    await expect(redeem(github(), "used-code")).rejects.toMatchObject({ code: "invalid_grant" });
    const target = github();
    const wrongSecret = { ...target, client: { ...target.client, clientSecret: "wrong" } };
    const error = await failureOf(redeem(wrongSecret, "fresh-code"));
    expect(error).toMatchObject({ code: "invalid_client" });
    expect(inspect(error) + JSON.stringify(error)).not.toContain(CLIENT_SECRET);
  });

  it("reads a form-encoded answer from a server that ignores Accept: application/json", async () => {
    const ignoresAccept = async (url: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.delete("accept");
      return fetch(url, { ...init, headers });
    };
    const formFetch = Object.assign(ignoresAccept, { allowInsecureHttp: true }) as GuardedFetch;
    const target = github();
    const { flowState } = await beginAuthorization({ ...target, redirectUri: "http://127.0.0.1/callback" });
    const callback = new URLSearchParams({ code: "fresh-code", state: flowState.state });
    const tokens = await completeAuthorization(flowState, callback, target.client, {
      authorizationServer: target.authorizationServer,
      fetch: formFetch,
    });
    expect(tokens).toMatchObject({ accessToken: expect.stringMatching(/^ghu_/), scope: "repo gist" });
    await expect(
      refreshTokens(target.client, target.authorizationServer, DEAD_REFRESH_TOKEN, { fetch: formFetch }),
    ).rejects.toMatchObject({ code: "invalid_grant" });
  });
});

describe("finding: Slack's v2 token response was refused", () => {
  it("takes the user token from authed_user when only user scopes were granted", async () => {
    const tokens = await redeem(slack(), "fresh-code");
    expect(tokens).toMatchObject({
      accessToken: "xoxe.xoxp-1-Mi0yLTM0MTQwNDE0MDE3Ni0zNjU5NjQ0",
      refreshToken: "xoxe-1-My0xLTM0MTQwNDE0MDE3Ni0zNjU5NjQ0",
      scope: "search:read channels:history",
      tokenType: "bearer",
    });
    expect(tokens.expiresAt).toBeInstanceOf(Date);
  });

  it("takes the bot token at the top level (token_type bot)", async () => {
    const tokens = await redeem(provider("/slack-bot", "/slack-bot/api/oauth.v2.access"), "fresh-code");
    expect(tokens).toMatchObject({ accessToken: expect.stringMatching(/^xoxb-/), scope: "commands incoming-webhook" });
  });

  it("refreshes a rotating user token, and ok:false invalid_refresh_token or invalid_code is invalid_grant", async () => {
    const { authorizationServer, client } = slack();
    await expect(refreshTokens(client, authorizationServer, "xoxe-1-live", { fetch })).resolves.toMatchObject({
      accessToken: "xoxe.xoxp-1-rotated",
      refreshToken: "xoxe-1-rotated",
    });
    await expect(refreshTokens(client, authorizationServer, DEAD_REFRESH_TOKEN, { fetch })).rejects.toMatchObject({
      code: "invalid_grant",
      providerDescription: "invalid_refresh_token",
    });
    await expect(redeem(slack(), "used-code")).rejects.toMatchObject({ code: "invalid_grant" });
  });
});

describe("finding: HubSpot's dead refresh token read as an unexpected HTTP status, retried until expiry", () => {
  const hubspot = () => provider("/hubspot", "/hubspot/oauth/v1/token");

  it("redeems a code and refreshes with the client secret in the form body", async () => {
    const tokens = await redeem(hubspot(), "fresh-code");
    expect(tokens).toMatchObject({ refreshToken: "6f18f21e-a743-4509-b7fd-1a5e632fffa1", tokenType: "bearer" });
    const { authorizationServer, client } = hubspot();
    await expect(refreshTokens(client, authorizationServer, "live", { fetch })).resolves.toMatchObject({
      accessToken: expect.stringMatching(/^CN2z/),
    });
  });

  it("BAD_REFRESH_TOKEN and BAD_AUTH_CODE are invalid_grant, BAD_CLIENT_ID invalid_client", async () => {
    const { authorizationServer, client } = hubspot();
    const error = await failureOf(refreshTokens(client, authorizationServer, DEAD_REFRESH_TOKEN, { fetch }));
    expect(error).toMatchObject({ code: "invalid_grant", providerDescription: "missing or invalid refresh token" });
    expect(inspect(error) + JSON.stringify(error)).not.toContain(DEAD_REFRESH_TOKEN);
    await expect(redeem(hubspot(), "used-code")).rejects.toMatchObject({ code: "invalid_grant" });
    const wrongSecret = { authorizationServer, client: { ...client, clientSecret: "wrong" } };
    await expect(redeem(wrongSecret, "fresh-code")).rejects.toMatchObject({ code: "invalid_client" });
  });
});

describe("Salesforce's tokens without expires_in", () => {
  it("are stored without an expiry, and a refresh keeps the refresh token it does not repeat", async () => {
    const salesforce = provider("/salesforce", "/salesforce/services/oauth2/token");
    const tokens = await redeem(salesforce, "aPrxsmIEeqM9PiQroGEWx1UiMQd95_5JUZVEhsOFhS8EVvbfYBBJli2W5fn3zbo");
    expect(tokens).toMatchObject({ tokenType: "bearer", scope: "refresh_token api", expiresAt: undefined });
    const refreshed = await refreshTokens(
      salesforce.client,
      salesforce.authorizationServer,
      tokens.refreshToken ?? "",
      {
        fetch,
      },
    );
    expect(refreshed).toMatchObject({ accessToken: expect.stringContaining("refreshed"), expiresAt: undefined });
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
  });
});

describe("Atlassian's rotating refresh tokens", () => {
  it("takes the new refresh token of each refresh, and a disabled one (403 invalid_grant) asks for re-authorization", async () => {
    const atlassian = provider("/atlassian", "/atlassian/oauth/token");
    const tokens = await redeem(atlassian, "code");
    const refreshed = await refreshTokens(atlassian.client, atlassian.authorizationServer, tokens.refreshToken ?? "", {
      fetch,
    });
    expect(refreshed).toMatchObject({ accessToken: "atlassian-access-2", refreshToken: "atlassian-refresh-2" });
    await expect(
      refreshTokens(atlassian.client, atlassian.authorizationServer, "atlassian-refresh-0", { fetch }),
    ).rejects.toMatchObject({ code: "invalid_grant", status: 403 });
  });
});

describe("finding: an ID token from a provider whose clock runs ahead failed the sign-in", () => {
  it("accepts an nbf up to five minutes ahead (oauth4webapi's default tolerance is 30 s)", async () => {
    const tokens = await redeem(provider("", "/skewed/token"), "code");
    expect(tokens).toMatchObject({ accessToken: "skewed-access", idToken: expect.any(String) });
  });
});

describe("finding: an OpenID provider entered by its endpoints failed every sign-in and refresh over its ID token", () => {
  it("connectors, which never use the ID token, can leave it unchecked and unreturned", async () => {
    const realm = provider("/realm", "/realm/protocol/openid-connect/token");
    const { flowState } = await beginAuthorization({ ...realm, redirectUri: "http://127.0.0.1/callback" });
    const callback = new URLSearchParams({ code: "code", state: flowState.state });
    const options = { authorizationServer: realm.authorizationServer, fetch };
    await expect(completeAuthorization(flowState, callback, realm.client, options)).rejects.toMatchObject({
      code: "invalid_token_response",
    });
    const { flowState: again } = await beginAuthorization({ ...realm, redirectUri: "http://127.0.0.1/callback" });
    const tokens = await completeAuthorization(
      again,
      new URLSearchParams({ code: "code", state: again.state }),
      realm.client,
      { ...options, ignoreIdToken: true },
    );
    expect(tokens).toMatchObject({ accessToken: "realm-authorization_code", idToken: undefined });
    const refreshed = await refreshTokens(realm.client, realm.authorizationServer, "realm-refresh", {
      fetch,
      ignoreIdToken: true,
    });
    expect(refreshed).toMatchObject({ accessToken: "realm-refresh_token", idToken: undefined });
  });
});

describe("token responses that bend RFC 6749", () => {
  it("takes a missing or capitalised token_type as bearer and expires_in as a string", async () => {
    const loose = provider("/loose", "/loose/token");
    const before = Date.now();
    for (const code of ["untyped", "typed"]) {
      const tokens = await redeem(loose, code);
      expect(tokens).toMatchObject({ accessToken: `loose-${code}`, tokenType: "bearer" });
      expect(tokens.expiresAt?.getTime()).toBeGreaterThanOrEqual(before + 3_600_000);
    }
  });
});
