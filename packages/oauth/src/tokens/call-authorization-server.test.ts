import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { OAuthError } from "../errors.ts";
import { callAuthorizationServer } from "./call-authorization-server.ts";
import { parseRetryAfter } from "./parse-retry-after.ts";

const as: oauth.AuthorizationServer = { issuer: "https://as.test", token_endpoint: "https://as.test/token" };
const client: oauth.Client = { client_id: "c" };

function refreshWith(response: Response) {
  return callAuthorizationServer(
    "https://as.test/token",
    async () => response,
    (answer) => oauth.processRefreshTokenResponse(as, client, answer),
  );
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

async function failureOf(response: Response): Promise<OAuthError> {
  const error = await refreshWith(response).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

describe("callAuthorizationServer error classification", () => {
  it("invalid_grant is permanent", async () => {
    const error = await failureOf(json(400, { error: "invalid_grant", error_description: "grant revoked" }));
    expect(error).toMatchObject({
      code: "invalid_grant",
      retryable: false,
      status: 400,
      providerError: "invalid_grant",
    });
    expect(error.providerDescription).toBe("grant revoked");
  });

  it("invalid_client and a 401 challenge are client errors", async () => {
    expect(await failureOf(json(401, { error: "invalid_client" }))).toMatchObject({ code: "invalid_client" });
    const challenge = new Response(null, { status: 401, headers: { "www-authenticate": 'Basic realm="as"' } });
    expect(await failureOf(challenge)).toMatchObject({ code: "invalid_client", retryable: false });
  });

  it("5xx and 429 are transient, with Retry-After", async () => {
    expect(await failureOf(new Response("<html>", { status: 502 }))).toMatchObject({
      code: "temporarily_unavailable",
      retryable: true,
      status: 502,
    });
    expect(await failureOf(json(429, { error: "slow_down" }, { "retry-after": "30" }))).toMatchObject({
      code: "temporarily_unavailable",
      retryable: true,
      retryAfterMs: 30_000,
    });
    expect(await failureOf(json(400, { error: "temporarily_unavailable" }))).toMatchObject({ retryable: true });
  });

  it("other OAuth errors are provider errors", async () => {
    expect(await failureOf(json(400, { error: "invalid_scope" }))).toMatchObject({
      code: "provider_error",
      retryable: false,
      providerError: "invalid_scope",
    });
    expect(await failureOf(new Response("nope", { status: 403 }))).toMatchObject({
      code: "provider_error",
      status: 403,
    });
  });

  it("garbage in a 200 is an invalid token response", async () => {
    const garbage = [
      new Response("not json", { status: 200, headers: { "content-type": "text/html" } }),
      json(200, ["array"]),
      json(200, { token_type: "bearer" }),
      json(200, { access_token: 42, token_type: "bearer" }),
      json(200, { access_token: "a" }),
      json(200, { access_token: "a", token_type: "bearer", expires_in: "soon" }),
      json(200, { access_token: "a", token_type: "mac" }),
    ];
    for (const response of garbage) {
      expect(await failureOf(response)).toMatchObject({ code: "invalid_token_response", retryable: false });
    }
  });

  it("never puts a server-echoed secret into the message or description", async () => {
    const secret = "rt_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    const error = await failureOf(
      json(400, { error: "invalid_grant", error_description: `refresh token ${secret} is unknown` }),
    );
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(secret);
    const leaky = await failureOf(json(200, { access_token: secret, token_type: "mac" }));
    expect(`${leaky.message} ${leaky.stack} ${JSON.stringify(leaky)}`).not.toContain(secret);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
