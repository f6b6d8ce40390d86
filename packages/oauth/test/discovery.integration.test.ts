import type http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  beginAuthorization,
  completeAuthorization,
  createGuardedFetch,
  discoverAuthorizationServer,
  discoverMcpAuthorization,
  probeAuthChallenge,
  resolveClient,
  selectScopes,
  type GuardedFetch,
} from "../src/index.ts";
import { startTestProvider, type TestProvider } from "../src/testing/index.ts";
import { sendJson, startLocalHttpServer, type LocalHttpServer } from "./local-http-server.ts";

let provider: TestProvider;
let server: LocalHttpServer | undefined;

beforeAll(async () => {
  provider = await startTestProvider();
});
afterAll(async () => {
  await provider.close();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Routes = Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void>;

/** A stand-in MCP server (or authorization server) answering 404 outside its routes, logging every path. */
async function startServer(
  routes: (url: string) => Routes,
): Promise<{ url: string; requested: string[]; fetch: GuardedFetch }> {
  const requested: string[] = [];
  let table: Routes = {};
  server = await startLocalHttpServer((req, res) => {
    requested.push(`${req.method} ${req.url}`);
    const route = table[`${req.method} ${req.url}`];
    if (route) route(req, res);
    else sendJson(res, 404, { error: "not_found" });
  });
  table = routes(server.url);
  const fetch = createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [provider.host, server.host] });
  return { url: server.url, requested, fetch };
}

const protectedResource = (resource: string, authorizationServers: string[]) => ({
  resource,
  authorization_servers: authorizationServers,
  scopes_supported: ["mcp:read", "mcp:write"],
});

describe("MCP discovery", () => {
  it("follows the 401 challenge to the metadata and the authorization server, then authorizes", async () => {
    const { url, requested, fetch } = await startServer((base) => ({
      "POST /mcp": (_req, res) => {
        res.writeHead(401, {
          "www-authenticate": `Bearer resource_metadata="${base}/custom/prm", scope="mcp:read"`,
        });
        res.end();
      },
      "GET /custom/prm": (_req, res) => sendJson(res, 200, protectedResource(`${base}/mcp`, [provider.issuer])),
    }));

    const challenge = await probeAuthChallenge(`${url}/mcp`, { fetch });
    expect(challenge).toEqual({ resourceMetadata: `${url}/custom/prm`, scope: "mcp:read" });

    const discovery = await discoverMcpAuthorization(`${url}/mcp`, { challenge, fetch });
    expect(requested).toEqual(["POST /mcp", "GET /custom/prm"]);
    expect(discovery.resource).toBe(`${url}/mcp`);
    expect(discovery.authorizationServer.issuer).toBe(provider.issuer);

    const scopes = selectScopes({
      challengeScope: challenge?.scope,
      scopesSupported: discovery.protectedResource?.scopes_supported,
      authorizationServer: discovery.authorizationServer,
    });
    expect(scopes).toEqual(["mcp:read", "offline_access"]);
    const { client } = await resolveClient({
      authorizationServer: discovery.authorizationServer,
      metadata: { clientName: "Switchboard test", redirectUris: [provider.redirectUri] },
      fetch,
    });
    const { authorizationUrl, flowState } = await beginAuthorization({
      authorizationServer: discovery.authorizationServer,
      client,
      redirectUri: provider.redirectUri,
      resource: discovery.resource,
      scopes,
    });
    const callback = await provider.authorize(authorizationUrl);
    const tokens = await completeAuthorization(flowState, callback.searchParams, client, {
      authorizationServer: discovery.authorizationServer,
      fetch,
    });
    expect((await provider.provider.AccessToken.find(tokens.accessToken))?.aud).toBe(`${url}/mcp`);
  });

  it("tries the path-inserted well-known URL before the root one", async () => {
    const { url, requested, fetch } = await startServer((base) => ({
      "GET /.well-known/oauth-protected-resource": (_req, res) =>
        sendJson(res, 200, protectedResource(base, [provider.issuer])),
    }));
    const discovery = await discoverMcpAuthorization(`${url}/mcp`, { fetch });
    expect(requested).toEqual([
      "GET /.well-known/oauth-protected-resource/mcp",
      "GET /.well-known/oauth-protected-resource",
    ]);
    expect(discovery.resource).toBe(url);
  });

  it("falls back to OpenID discovery after RFC 8414, in order", async () => {
    const { url, requested, fetch } = await startServer((base) => ({
      "GET /tenant1/.well-known/openid-configuration": (_req, res) =>
        sendJson(res, 200, {
          issuer: `${base}/tenant1`,
          authorization_endpoint: `${base}/tenant1/authorize`,
          token_endpoint: `${base}/tenant1/token`,
          code_challenge_methods_supported: ["S256"],
        }),
    }));
    const metadata = await discoverAuthorizationServer(`${url}/tenant1`, { fetch });
    expect(metadata.issuer).toBe(`${url}/tenant1`);
    expect(requested).toEqual([
      "GET /.well-known/oauth-authorization-server/tenant1",
      "GET /.well-known/openid-configuration/tenant1",
      "GET /tenant1/.well-known/openid-configuration",
    ]);
  });

  it("treats the server's origin as its authorization server when it has no resource metadata", async () => {
    const { url, fetch } = await startServer((base) => ({
      "GET /.well-known/oauth-authorization-server": (_req, res) =>
        sendJson(res, 200, {
          issuer: base,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          code_challenge_methods_supported: ["S256"],
        }),
    }));
    const discovery = await discoverMcpAuthorization(`${url}/mcp/`, { fetch });
    expect(discovery.protectedResource).toBeUndefined();
    expect(discovery.authorizationServer.issuer).toBe(url);
    expect(discovery.resource).toBe(`${url}/mcp`);
  });

  it("skips unusable authorization servers and honours preferred issuers", async () => {
    const { url, fetch } = await startServer((base) => ({
      "GET /.well-known/oauth-protected-resource/mcp": (_req, res) =>
        sendJson(res, 200, protectedResource(`${base}/mcp`, [`${base}/no-pkce`, provider.issuer])),
      "GET /.well-known/oauth-authorization-server/no-pkce": (_req, res) =>
        sendJson(res, 200, {
          issuer: `${base}/no-pkce`,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
        }),
    }));
    const discovery = await discoverMcpAuthorization(`${url}/mcp`, { fetch });
    expect(discovery.authorizationServers).toEqual([`${url}/no-pkce`, provider.issuer]);
    expect(discovery.authorizationServer.issuer).toBe(provider.issuer);

    await expect(
      discoverMcpAuthorization(`${url}/mcp`, {
        fetch: createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [new URL(url).host] }),
      }),
    ).rejects.toMatchObject({ code: "pkce_unsupported" });
  });

  it("refuses metadata whose issuer or resource does not match", async () => {
    const { url, fetch } = await startServer((base) => ({
      "GET /.well-known/oauth-protected-resource/mcp": (_req, res) =>
        sendJson(res, 200, protectedResource("https://elsewhere.example/mcp", [provider.issuer])),
      "GET /.well-known/oauth-authorization-server": (_req, res) =>
        sendJson(res, 200, {
          issuer: `${base}/impostor`,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          code_challenge_methods_supported: ["S256"],
        }),
    }));
    await expect(discoverMcpAuthorization(`${url}/mcp`, { fetch })).rejects.toMatchObject({
      code: "resource_mismatch",
    });
    await expect(discoverAuthorizationServer(url, { fetch })).rejects.toMatchObject({ code: "issuer_mismatch" });
  });

  it("rejects malformed metadata", async () => {
    const { url, fetch } = await startServer(() => ({
      "GET /.well-known/oauth-protected-resource/mcp": (_req, res) => sendJson(res, 200, { resource: 42 }),
    }));
    await expect(discoverMcpAuthorization(`${url}/mcp`, { fetch })).rejects.toMatchObject({ code: "invalid_metadata" });
  });
});

describe("SSRF guard during discovery", () => {
  it("refuses an authorization server at the cloud metadata address", async () => {
    const { url, requested, fetch } = await startServer((base) => ({
      "GET /.well-known/oauth-protected-resource/mcp": (_req, res) =>
        sendJson(res, 200, protectedResource(`${base}/mcp`, ["http://169.254.169.254/latest"])),
    }));
    await expect(discoverMcpAuthorization(`${url}/mcp`, { fetch })).rejects.toMatchObject({ code: "ssrf_blocked" });
    expect(requested).toEqual(["GET /.well-known/oauth-protected-resource/mcp"]);
  });

  it("refuses a resource_metadata URL on a loopback port that is not allowlisted", async () => {
    const { url, fetch } = await startServer(() => ({}));
    const unlisted = `http://127.0.0.1:${Number(new URL(url).port) === 65_535 ? 65_534 : Number(new URL(url).port) + 1}`;
    await expect(
      discoverMcpAuthorization(`${url}/mcp`, { challenge: { resourceMetadata: `${unlisted}/prm` }, fetch }),
    ).rejects.toMatchObject({ code: "ssrf_blocked" });
    await expect(
      discoverMcpAuthorization(`${url}/mcp`, { challenge: { resourceMetadata: "http://localhost:9/prm" }, fetch }),
    ).rejects.toMatchObject({ code: "ssrf_blocked" });
  });

  it("refuses every private destination without an allowlist", async () => {
    const { url } = await startServer(() => ({}));
    const strict = createGuardedFetch({ allowInsecureHttp: true });
    await expect(discoverMcpAuthorization(`${url}/mcp`, { fetch: strict })).rejects.toMatchObject({
      code: "ssrf_blocked",
    });
    await expect(discoverAuthorizationServer(provider.issuer, { fetch: createGuardedFetch() })).rejects.toMatchObject({
      code: "insecure_url",
    });
  });
});
