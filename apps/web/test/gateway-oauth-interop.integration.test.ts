import {
  Client,
  StreamableHTTPClientTransport,
  UnauthorizedError,
  type OAuthDiscoveryState,
} from "@modelcontextprotocol/client";
import { createTestPrisma } from "@switchboard/db/testing";
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT } from "jose";
import { OIDC_RATE_LIMITS } from "@/modules/oauth-server/lib/oidc-rate-limits.ts";
import { loadSigningKeys } from "@/modules/oauth-server/lib/signing-keys.ts";
import { describe, expect, it } from "vitest";
import { createGatewayOAuthSteps } from "./support/gateway-oauth-steps.ts";
import { setUpGatewayOAuthStack, TestOAuthClient } from "./support/gateway-oauth-stack.ts";

// Real MCP clients as they sign in to the gateway in the wild, given only its URL.
const prisma = createTestPrisma();
// Every case registers clients of its own: a registration budget this file does not run into.
const stack = setUpGatewayOAuthStack(prisma, {
  oidcRateLimits: { ...OIDC_RATE_LIMITS, "/reg": { points: 100, windowSeconds: 3600 } },
});

/** A user with one personal connector, an echo server answering `Notes:<message>`. */
const seedUserWithNotes = async () => (await stack().seedUserWithConnectors(["Notes"])).user;

describe("native clients receive the redirect on whatever loopback port is free (RFC 8252 §7.3)", () => {
  it("finding: Claude Code's metadata document (port-less loopback redirect URIs, no application_type) signs in from an ephemeral port", async () => {
    const user = await seedUserWithNotes();
    const url = stack().serveMetadataDocument("/oauth/claude-code-client-metadata", "");
    // The document Claude Code publishes, field for field; the CLI listens on a port it picks per sign-in.
    stack().serveMetadataDocument(
      "/oauth/claude-code-client-metadata",
      JSON.stringify({
        client_id: url,
        client_name: "Claude Code",
        client_uri: "https://claude.ai",
        redirect_uris: ["http://localhost/callback", "http://127.0.0.1/callback"],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
      }),
    );
    const redirectUri = "http://localhost:52163/callback";
    const client = new TestOAuthClient(redirectUri, url);
    const { authorize, callEveryTool } = createGatewayOAuthSteps(stack, redirectUri);
    await authorize(client, await stack().signedInBrowser(user.id));
    expect(await callEveryTool(client)).toEqual(["Notes:hi"]);
  });

  it("finding: a client the 1.x SDK registered (no application_type) signs in again from another port with its stored registration", async () => {
    const user = await seedUserWithNotes();
    const first = new TestOAuthClient("http://127.0.0.1:41001/callback");
    await createGatewayOAuthSteps(stack, first.redirectUrl).authorize(first, await stack().signedInBrowser(user.id));
    // The next run of the same program: the stored client, a new port.
    const again = new TestOAuthClient("http://127.0.0.1:41002/callback", undefined, first.clientInformation());
    const { authorize, callEveryTool } = createGatewayOAuthSteps(stack, again.redirectUrl);
    await authorize(again, await stack().signedInBrowser(user.id));
    expect(await callEveryTool(again)).toEqual(["Notes:hi"]);
  });

  it("VS Code registers its hosted and loopback callbacks and signs in from an ephemeral port when 33418 is taken (an older version without application_type, on 33418)", async () => {
    const user = await seedUserWithNotes();
    // VS Code's registration body (src/vs/base/common/oauth.ts, fetchDynamicRegistration); versions
    // before application_type send the same without it and, as a web client beside its hosted
    // callbacks, must use the port they registered (native-redirects.ts).
    const vsCodeRegistration = {
      client_name: "Visual Studio Code",
      client_uri: "https://code.visualstudio.com",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      redirect_uris: [
        "https://insiders.vscode.dev/redirect",
        "https://vscode.dev/redirect",
        "http://127.0.0.1/",
        "http://127.0.0.1:33418/",
      ],
      scope: "mcp",
      token_endpoint_auth_method: "none",
      application_type: "native",
    };
    for (const [registration, redirectUri] of [
      [vsCodeRegistration, "http://127.0.0.1:54123/"],
      [{ ...vsCodeRegistration, application_type: undefined }, "http://127.0.0.1:33418/"],
    ] as const) {
      const response = await fetch(`${stack().webUrl}/api/oidc/reg`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(registration),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      const { client_id } = (await response.json()) as { client_id: string };
      const client = new TestOAuthClient(redirectUri, undefined, { client_id });
      const { authorize, callEveryTool } = createGatewayOAuthSteps(stack, redirectUri);
      await authorize(client, await stack().signedInBrowser(user.id));
      expect(await callEveryTool(client), redirectUri).toEqual(["Notes:hi"]);
    }
  });
});

describe("native clients whose redirect is a private-use URI scheme (RFC 8252 §7.1)", () => {
  it("finding: Cursor registers itself with its three redirect URIs and no application_type, and signs in through cursor://", async () => {
    const user = await seedUserWithNotes();
    const redirectUri = "cursor://anysphere.cursor-mcp/oauth/callback";
    // Cursor's registration body: its app scheme, its hosted callback and a loopback one.
    const response = await fetch(`${stack().webUrl}/api/oidc/reg`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_name: "Cursor",
        redirect_uris: [
          redirectUri,
          "https://www.cursor.com/agents/mcp/oauth/callback",
          "http://localhost:8787/callback",
        ],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
      }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const { client_id } = (await response.json()) as { client_id: string };
    const client = new TestOAuthClient(redirectUri, undefined, { client_id });
    const { authorize, callEveryTool } = createGatewayOAuthSteps(stack, redirectUri);
    await authorize(client, await stack().signedInBrowser(user.id));
    expect(await callEveryTool(client)).toEqual(["Notes:hi"]);

    // Schemes that run code or read files are still no redirect for a native app.
    for (const scheme of ["javascript:alert(1)//", "data:text/html,x", "file:///etc/passwd"]) {
      const refused = await fetch(`${stack().webUrl}/api/oidc/reg`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ redirect_uris: [scheme], token_endpoint_auth_method: "none" }),
      });
      expect(refused.status, scheme).toBe(400);
      expect(await refused.json()).toMatchObject({ error: "invalid_redirect_uri" });
    }
  });

  // An error redirect to one of these would hand attacker-chosen text to a Windows, Office or
  // desktop handler once the user clicks through the browser's prompt (Follina was ms-msdt:).
  // (os-handler-schemes.test.ts has the whole list.)
  const osHandlers = [
    "ms-msdt:/id PCWDiagnostic /skip force",
    "search-ms:query=invoice&crumb=location:%5C%5Cattacker.example%5Cshare",
    "MS-Excel:ofe%7Cu%7Chttps://attacker.example/book.xlsx",
  ];

  it("finding: a registration naming an operating system's or Office's protocol handler (ms-msdt:, search-ms:, …) as a redirect URI is refused, while apps' own schemes stay accepted", async () => {
    const register = (redirectUris: string[]) =>
      fetch(`${stack().webUrl}/api/oidc/reg`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ redirect_uris: redirectUris, token_endpoint_auth_method: "none" }),
      });
    const clients = () => prisma.oidcPayload.count({ where: { kind: "Client" } });
    const clientsBefore = await clients();
    for (const handler of osHandlers) {
      const refused = await register(["cursor://anysphere.cursor-mcp/oauth/callback", handler]);
      expect(refused.status, handler).toBe(400);
      const scheme = handler.slice(0, handler.indexOf(":")).toLowerCase();
      expect(await refused.json(), handler).toMatchObject({
        error: "invalid_redirect_uri",
        error_description: expect.stringContaining(`${scheme}:`),
      });
    }
    expect(await clients()).toBe(clientsBefore);
    // Cursor's registration is the test above.
    for (const appScheme of [
      "vscode://vscode.github-authentication/did-authenticate",
      "com.example.app:/oauth/callback",
    ]) {
      expect((await register([appScheme])).status, appScheme).toBe(201);
    }
  });

  it("finding: a metadata document naming an operating system's protocol handler as a redirect URI is no client: the authorization gets an error page, no redirect", async () => {
    const url = stack().serveMetadataDocument("/oauth/msdt-client", "");
    stack().serveMetadataDocument(
      "/oauth/msdt-client",
      JSON.stringify({ client_id: url, client_name: "Helpful", redirect_uris: [osHandlers[0]], token_endpoint_auth_method: "none" }), // prettier-ignore
    );
    const authorization = new URL(`${stack().webUrl}/api/oidc/auth`);
    for (const [name, value] of Object.entries({
      response_type: "code",
      client_id: url,
      redirect_uri: osHandlers[0]!,
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
      resource: stack().gatewayMcpUrl,
    })) {
      authorization.searchParams.set(name, value);
    }
    const browser = await stack().signedInBrowser((await stack().seedUserWithConnectors([])).user.id);
    const answer = await browser.request(authorization);
    expect(answer.headers.get("location")).toBeNull();
    expect(await answer.json()).toMatchObject({
      error: "invalid_redirect_uri",
      error_description: expect.stringContaining("ms-msdt:"),
    });
  });
});

describe("hosted connectors register as confidential clients", () => {
  /** A connector run by a web service: it registers itself with a secret it sends in the form. */
  class HostedConnectorClient extends TestOAuthClient {
    override get clientMetadata() {
      return { ...super.clientMetadata, token_endpoint_auth_method: "client_secret_post" };
    }
  }

  // claude.ai's custom connectors (anthropics/claude-ai-mcp#1043); ChatGPT's register alike.
  it("claude.ai: registers with client_secret_post and its hosted callback, signs in, and refreshes with its secret", async () => {
    const redirectUri = "https://claude.ai/api/mcp/auth_callback";
    const user = await seedUserWithNotes();
    const client = new HostedConnectorClient(redirectUri);
    const { authorize, callEveryTool } = createGatewayOAuthSteps(stack, redirectUri);
    await authorize(client, await stack().signedInBrowser(user.id));
    expect(client.clientInformation()).toMatchObject({
      token_endpoint_auth_method: "client_secret_post",
      client_secret: expect.any(String),
    });
    expect(await callEveryTool(client)).toEqual(["Notes:hi"]);
    const issued = client.tokens()!;
    client.saveTokens({ ...issued, access_token: await expireAccessToken(issued.access_token) });
    expect(await callEveryTool(client)).toEqual(["Notes:hi"]);
    expect(client.tokens()!.refresh_token).not.toBe(issued.refresh_token);
  });
});

describe("scopes: the gateway has one, and what a client registered never locks it out", () => {
  const REDIRECT_URI = "http://127.0.0.1:9/callback";
  const { authorize, callEveryTool } = createGatewayOAuthSteps(stack, REDIRECT_URI);

  /** A dynamic registration as clients that write their own send it, with `scope`. */
  async function registerWithScope(scope: string) {
    const response = await fetch(`${stack().webUrl}/api/oidc/reg`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_name: "Scoped client",
        redirect_uris: [REDIRECT_URI],
        grant_types: ["authorization_code", "refresh_token"],
        token_endpoint_auth_method: "none",
        scope,
      }),
    });
    return { status: response.status, body: (await response.json()) as { client_id: string; scope?: string } };
  }

  it("finding: a registration naming scopes Switchboard does not know is accepted, and one naming only mcp may still ask for offline_access", async () => {
    const user = await seedUserWithNotes();
    // Seen in the wild: an invented MCP scope, OpenID Connect's usual set, and the resource's
    // advertised scope registered alone while the authorization also asks for a refresh token.
    for (const [registered, requested] of [
      ["mcp:tools", "mcp:tools"],
      ["openid profile email offline_access", "openid profile email offline_access"],
      ["mcp", "mcp offline_access"],
    ] as const) {
      const registration = await registerWithScope(registered);
      expect(registration.status, registered).toBe(201);
      const client = new TestOAuthClient(REDIRECT_URI, undefined, { client_id: registration.body.client_id });
      await authorize(client, await stack().signedInBrowser(user.id), { access: "all" }, requested);
      // The token says what it is for, whatever the client asked.
      expect(client.tokens()?.scope?.split(" "), requested).toContain("mcp");
      expect(String(decodeJwt(client.tokens()!.access_token).scope).split(" ")).toContain("mcp");
      expect(await callEveryTool(client)).toEqual(["Notes:hi"]);
    }
  });
});

describe("resource indicators (RFC 8707)", () => {
  const REDIRECT_URI = "http://127.0.0.1:9/callback";
  const { authorize, callEveryTool } = createGatewayOAuthSteps(stack, REDIRECT_URI);

  /** A client written before MCP required `resource`: it sends none, in any request. */
  class ClientWithoutResource extends TestOAuthClient {
    validateResourceURL() {
      return Promise.resolve(undefined);
    }
  }

  it("a client that sends no resource gets tokens for the gateway, and refreshes them", async () => {
    const user = await seedUserWithNotes();
    const client = new ClientWithoutResource(REDIRECT_URI);
    await authorize(client, await stack().signedInBrowser(user.id));
    expect(client.authorizationUrl!.searchParams.has("resource")).toBe(false);
    expect(decodeJwt(client.tokens()!.access_token).aud).toBe(stack().gatewayMcpUrl);
    const issued = client.tokens()!;
    client.saveTokens({ ...issued, access_token: await expireAccessToken(issued.access_token) });
    expect(await callEveryTool(client)).toEqual(["Notes:hi"]);
    expect(client.tokens()!.refresh_token).not.toBe(issued.refresh_token);
    expect(decodeJwt(client.tokens()!.access_token).aud).toBe(stack().gatewayMcpUrl);
  });
});

describe("revocation (RFC 7009)", () => {
  const REDIRECT_URI = "http://127.0.0.1:9/callback";
  const { authorize, gatewayStatus } = createGatewayOAuthSteps(stack, REDIRECT_URI);
  const revoke = (token: string, clientId: string) =>
    fetch(`${stack().webUrl}/api/oidc/token/revocation`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token, token_type_hint: "access_token", client_id: clientId }),
    });

  it("finding: a client signing out by revoking its access token ends the grant: the gateway refuses the token and the refresh token is dead", async () => {
    const user = await seedUserWithNotes();
    const client = new TestOAuthClient(REDIRECT_URI);
    await authorize(client, await stack().signedInBrowser(user.id));
    const { access_token, refresh_token } = client.tokens()!;
    const clientId = client.clientInformation()!.client_id;
    const bystander = new TestOAuthClient(REDIRECT_URI);
    await authorize(bystander, await stack().signedInBrowser(user.id));

    // Another client presenting the token is answered as for any token not its own: 200, nothing revoked.
    const foreign = await revoke(access_token, bystander.clientInformation()!.client_id);
    expect(foreign.status).toBe(200);
    expect(await gatewayStatus(access_token)).toBe(200);

    const answered = await revoke(access_token, clientId);
    expect(answered.status, await answered.clone().text()).toBe(200);
    await expect.poll(() => gatewayStatus(access_token), { timeout: 2_000 }).toBe(401);
    const refreshed = await fetch(`${stack().webUrl}/api/oidc/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refresh_token!, client_id: clientId }),
    });
    expect(await refreshed.json()).toMatchObject({ error: "invalid_grant" });
    expect(await gatewayStatus(bystander.tokens()!.access_token)).toBe(200);
    await expect
      .poll(() =>
        prisma.auditEvent.count({
          where: { action: "oauth_grant.revoked", metadata: { path: ["clientId"], equals: clientId } },
        }),
      )
      .toBe(1);
  });
});

/** The test client, also keeping the discovery the 2.x SDK binds a code's redemption to (SEP-2352). */
class V2TestClient extends TestOAuthClient {
  private discovery: OAuthDiscoveryState | undefined;
  saveDiscoveryState(state: OAuthDiscoveryState) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery;
  }
}

/** The access token as it would be once expired: same claims and key, `exp` a minute ago. */
async function expireAccessToken(accessToken: string) {
  const { kid } = decodeProtectedHeader(accessToken);
  const jwk = (await loadSigningKeys(prisma, stack().secretBox)).find((key) => key.kid === kid)!;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...decodeJwt(accessToken), iat: now - 960, exp: now - 60 })
    .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: kid! })
    .sign(await importJWK(jwk, "RS256"));
}

describe("the SDK's 2.x client signs in given only the gateway URL, as a new user meets it", () => {
  const REDIRECT_URI = "http://127.0.0.1:43123/callback";

  // Pinned to the stateless revision, or the default: a session opened with initialize.
  for (const [revision, era, options] of [
    ["2026-07-28", "modern", { versionNegotiation: { mode: { pin: "2026-07-28" } } }],
    ["2025-11-25", "legacy", {}],
  ] as const) {
    it(`${revision}: 401, discovery, registration, consent, iss-checked code, tools; an expired token is refreshed and the refresh token rotates`, async () => {
      const user = await seedUserWithNotes();
      const oauth = new V2TestClient(REDIRECT_URI);
      const open = async () => {
        const mcp = new Client({ name: "v2-client", version: "1.0.0" }, options);
        const transport = new StreamableHTTPClientTransport(new URL(stack().gatewayMcpUrl), { authProvider: oauth });
        return { mcp, transport, connecting: mcp.connect(transport) };
      };

      const first = await open();
      await expect(first.connecting).rejects.toBeInstanceOf(UnauthorizedError);
      const authorizationUrl = oauth.authorizationUrl!;
      expect(authorizationUrl.origin).toBe(stack().webUrl);
      expect(authorizationUrl.searchParams.get("resource")).toBe(stack().gatewayMcpUrl);
      expect(authorizationUrl.searchParams.get("code_challenge_method")).toBe("S256");
      const browser = await stack().signedInBrowser(user.id);
      const { interactionUrl, uid } = await browser.openAuthorization(authorizationUrl);
      await browser.request(interactionUrl);
      const callback = await browser.followToClient(
        await browser.decide(interactionUrl, uid, { decision: "allow", access: "all" }),
        REDIRECT_URI,
      );
      // RFC 9207: the SDK compares iss with the issuer it discovered before it redeems the code.
      await first.transport.finishAuth(callback.get("code")!, callback.get("iss") ?? undefined);

      const signedIn = await open();
      await signedIn.connecting;
      expect(signedIn.mcp.getProtocolEra()).toBe(era);
      const call = () => signedIn.mcp.callTool({ name: "notes__echo", arguments: { message: "hi" } });
      expect((await call()).content).toEqual([{ type: "text", text: "Notes:hi" }]);

      const issued = oauth.tokens()!;
      const expired = await expireAccessToken(issued.access_token);
      oauth.saveTokens({ ...issued, access_token: expired });
      // The gateway answers 401 invalid_token; the SDK refreshes and sends the call again.
      expect((await call()).content).toEqual([{ type: "text", text: "Notes:hi" }]);
      expect(oauth.tokens()!.access_token).not.toBe(expired);
      expect(oauth.tokens()!.refresh_token).not.toBe(issued.refresh_token);
      await signedIn.mcp.close();
    });
  }
});
