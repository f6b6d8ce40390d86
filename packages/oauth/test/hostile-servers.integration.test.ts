import type http from "node:http";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGuardedFetch,
  createStaticAuthorizationServer,
  createStaticClient,
  OAuthError,
  refreshTokens,
  type GuardedFetch,
} from "../src/index.ts";
import { sendJson, startLocalHttpServer, type LocalHttpServer } from "./local-http-server.ts";

const ACCESS_TOKEN = "at_0123456789abcdef0123456789abcdef";
const REFRESH_TOKEN = "rt_fedcba9876543210fedcba9876543210";
const CLIENT_SECRET = "cs_00112233445566778899aabbccddeeff";

const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void> = {
  "/token/ok-without-refresh": (_req, res) =>
    sendJson(res, 200, { access_token: ACCESS_TOKEN, token_type: "Bearer", expires_in: 60 }),
  "/token/html": (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html>login</html>");
  },
  "/token/array": (_req, res) => sendJson(res, 200, [ACCESS_TOKEN]),
  "/token/no-access-token": (_req, res) => sendJson(res, 200, { token_type: "bearer", expires_in: 60 }),
  "/token/mac": (_req, res) => sendJson(res, 200, { access_token: ACCESS_TOKEN, token_type: "mac" }),
  "/token/bad-expiry": (_req, res) =>
    sendJson(res, 200, { access_token: ACCESS_TOKEN, token_type: "bearer", expires_in: "tomorrow" }),
  "/token/huge": (_req, res) =>
    sendJson(res, 200, { access_token: ACCESS_TOKEN, token_type: "bearer", padding: "x".repeat(1_100_000) }),
  "/token/huge-chunked": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = "x".repeat(64 * 1024);
    for (let index = 0; index < 40; index++) res.write(chunk);
    res.end();
  },
  "/token/unavailable": (_req, res) => sendJson(res, 503, { error: "temporarily_unavailable" }, { "retry-after": "7" }),
  "/token/slow": (_req, res) => {
    setTimeout(() => sendJson(res, 200, { access_token: ACCESS_TOKEN, token_type: "bearer" }), 2_000);
  },
  "/token/echo-secret": (_req, res) =>
    sendJson(res, 400, { error: "invalid_grant", error_description: `refresh token ${REFRESH_TOKEN} is unknown` }),
  "/token/redirect": (_req, res) => {
    res.writeHead(307, { location: "http://169.254.169.254/token" });
    res.end();
  },
  "/hop": (_req, res) => {
    res.writeHead(302, { location: "/hop" });
    res.end();
  },
  "/to-metadata": (_req, res) => {
    res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" });
    res.end();
  },
  "/to-ok": (_req, res) => {
    res.writeHead(303, { location: "/ok" });
    res.end();
  },
  "/ok": (req, res) => sendJson(res, 200, { method: req.method }),
};

let server: LocalHttpServer;
let fetch: GuardedFetch;

beforeAll(async () => {
  server = await startLocalHttpServer((req, res) => {
    const route = routes[req.url ?? ""];
    if (route) route(req, res);
    else sendJson(res, 404, { error: "not_found" });
  });
  fetch = createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [server.host], timeoutMs: 1_000 });
});
afterAll(async () => {
  await server.close();
});

function refreshAgainst(path: string, guardedFetch = fetch) {
  const authorizationServer = createStaticAuthorizationServer({
    authorizationEndpoint: `${server.url}/authorize`,
    tokenEndpoint: `${server.url}${path}`,
  });
  const client = createStaticClient({ clientId: "client", clientSecret: CLIENT_SECRET });
  return refreshTokens(client, authorizationServer, REFRESH_TOKEN, { fetch: guardedFetch });
}

async function failureOf(promise: Promise<unknown>): Promise<OAuthError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OAuthError);
  const rendered = `${(error as Error).stack}\n${JSON.stringify(error)}\n${inspect(error, { depth: 10 })}`;
  for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET]) expect(rendered).not.toContain(secret);
  return error as OAuthError;
}

describe("token endpoint answers", () => {
  it("keeps the old refresh token when the response carries none", async () => {
    const tokens = await refreshAgainst("/token/ok-without-refresh");
    expect(tokens).toMatchObject({ accessToken: ACCESS_TOKEN, refreshToken: REFRESH_TOKEN, tokenType: "bearer" });
    expect(tokens.expiresAt?.getTime()).toBeGreaterThan(Date.now());
  });

  it.each(["/token/html", "/token/array", "/token/no-access-token", "/token/mac", "/token/bad-expiry"])(
    "refuses the malformed response of %s",
    async (path) => {
      expect(await failureOf(refreshAgainst(path))).toMatchObject({ code: "invalid_token_response", retryable: false });
    },
  );

  it.each(["/token/huge", "/token/huge-chunked"])("abandons the oversized response of %s", async (path) => {
    expect(await failureOf(refreshAgainst(path))).toMatchObject({ code: "response_too_large" });
  });

  it("marks a 503 as retryable with its Retry-After", async () => {
    expect(await failureOf(refreshAgainst("/token/unavailable"))).toMatchObject({
      code: "temporarily_unavailable",
      retryable: true,
      retryAfterMs: 7_000,
    });
  });

  it("times out a server that does not answer", async () => {
    expect(await failureOf(refreshAgainst("/token/slow"))).toMatchObject({ code: "timeout", retryable: true });
  });

  it("redacts a secret the server echoes in its error description", async () => {
    const error = await failureOf(refreshAgainst("/token/echo-secret"));
    expect(error).toMatchObject({ code: "invalid_grant", providerDescription: "refresh token [redacted] is unknown" });
  });

  it("does not follow a token endpoint redirect", async () => {
    expect(await failureOf(refreshAgainst("/token/redirect"))).toMatchObject({ code: "provider_error", status: 307 });
  });

  it("cannot reach a non-allowlisted loopback token endpoint", async () => {
    const strict = createGuardedFetch({ allowInsecureHttp: true });
    expect(await failureOf(refreshAgainst("/token/ok-without-refresh", strict))).toMatchObject({
      code: "ssrf_blocked",
    });
  });
});

describe("guarded fetch redirects", () => {
  it("follows a redirect to an allowed destination, turning 303 into GET", async () => {
    const response = await fetch(`${server.url}/to-ok`, { method: "POST", body: "x=1" });
    expect(await response.json()).toEqual({ method: "GET" });
  });

  it("re-checks every hop and limits their number", async () => {
    expect(await failureOf(fetch(`${server.url}/to-metadata`))).toMatchObject({ code: "ssrf_blocked" });
    expect(await failureOf(fetch(`${server.url}/hop`))).toMatchObject({ code: "too_many_redirects" });
  });

  it("resolves host names before connecting and blocks loopback answers", async () => {
    const strict = createGuardedFetch({ allowInsecureHttp: true });
    expect(await failureOf(strict(`http://localhost:${new URL(server.url).port}/ok`))).toMatchObject({
      code: "ssrf_blocked",
    });
    const byName = createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: ["localhost"] });
    expect((await byName(`http://localhost:${new URL(server.url).port}/ok`)).status).toBe(200);
  });
});
