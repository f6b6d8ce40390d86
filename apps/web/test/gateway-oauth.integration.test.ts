import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createTestPrisma, seedUser } from "@switchboard/db/testing";
import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { preRegisterClient } from "./support/pre-register-client.ts";
import { storedOidcId } from "@/modules/oauth-server/lib/prisma-adapter.ts";
import {
  listAllConnectedApps,
  listConnectedApps,
  revokeConnectedApp,
} from "@/modules/oauth-server/lib/connected-apps.ts";
import { grantConsent } from "@/modules/oauth-server/lib/grant-consent.ts";
import { loadConsentRequest } from "@/modules/oauth-server/lib/load-consent-request.ts";
import { loadSigningKeys } from "@/modules/oauth-server/lib/signing-keys.ts";
import { setUpGatewayOAuthStack, TestOAuthClient, type Browser } from "./support/gateway-oauth-stack.ts";
import { createGatewayOAuthSteps } from "./support/gateway-oauth-steps.ts";
import { probeGateway } from "@switchboard/gateway/testing";

const prisma = createTestPrisma();
const GRACE_SECONDS = 1;
const stack = setUpGatewayOAuthStack(prisma, { refreshReuseGraceSeconds: GRACE_SECONDS });
const REDIRECT_URI = "http://127.0.0.1:9/callback";
const { authorize, callEveryTool, gatewayStatus } = createGatewayOAuthSteps(stack, REDIRECT_URI);

/** A user with two personal connectors (each an echo server answering `<name>:<message>`). */
async function seedUserWithConnectors() {
  const { user, connectors } = await stack().seedUserWithConnectors(["Notes", "Wiki"]);
  return { user, wiki: connectors[1]! };
}

// ─── Raw protocol helpers for the attack tests ───────────────────────────────

async function registerClient(redirectUri = REDIRECT_URI): Promise<string> {
  const response = await fetch(`${stack().webUrl}/api/oidc/reg`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      client_name: "Raw client",
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      application_type: "native",
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { client_id: string }).client_id;
}

function pkcePair() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function authorizationUrl(clientId: string, challenge: string, overrides: Record<string, string | null> = {}) {
  const params: Record<string, string | null> = {
    response_type: "code",
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    scope: "mcp",
    state: "state-1",
    code_challenge: challenge,
    code_challenge_method: "S256",
    resource: stack().gatewayMcpUrl,
    ...overrides,
  };
  const url = new URL(`${stack().webUrl}/api/oidc/auth`);
  for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value);
  return url;
}

/** Runs sign-in and consent for a raw authorization request; returns the redirect's query. */
async function obtainCodeWith(browser: Browser, url: URL, redirectUri = REDIRECT_URI) {
  const { interactionUrl, uid } = await browser.openAuthorization(url);
  await browser.request(interactionUrl);
  return browser.followToClient(
    await browser.decide(interactionUrl, uid, { decision: "allow", access: "all" }),
    redirectUri,
  );
}

function obtainCode(browser: Browser, clientId: string, challenge: string) {
  return obtainCodeWith(browser, authorizationUrl(clientId, challenge));
}

async function tokenRequest(fields: Record<string, string>) {
  const response = await fetch(`${stack().webUrl}/api/oidc/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

function redeem(clientId: string, code: string, verifier: string) {
  return tokenRequest({
    grant_type: "authorization_code",
    client_id: clientId,
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
    resource: stack().gatewayMcpUrl,
  });
}

/** What the authorization endpoint answered: an error redirect to the client, or an error page. */
/**
 * Allows every connector on the consent page `url` leads to, as the signed-in member, and redeems
 * the code for `resource`: what the page showed (the connector address it named), then the answer.
 */
async function consentAndRedeem(
  browser: Browser,
  userId: string,
  request: { clientId: string; url: URL; verifier: string; resource: string },
) {
  const { interactionUrl, uid } = await browser.openAuthorization(request.url);
  await browser.request(interactionUrl);
  const consent = await loadConsentRequest(stack().provider, prisma, uid, userId, stack().gatewayMcpUrl);
  const decided = await browser.decide(interactionUrl, uid, { decision: "allow", access: "all" });
  const query = await browser.followToClient(decided, REDIRECT_URI);
  const tokens = await tokenRequest({
    grant_type: "authorization_code",
    client_id: request.clientId,
    code: query.get("code")!,
    redirect_uri: REDIRECT_URI,
    code_verifier: request.verifier,
    resource: request.resource,
  });
  return { consentEndpoint: consent?.connectorEndpoint, ...tokens };
}

async function authorizationError(browser: Browser, url: URL) {
  const response = await browser.request(url);
  const location = response.headers.get("location");
  if (location?.startsWith(REDIRECT_URI)) return new URL(location).searchParams.get("error");
  return ((await response.json()) as { error: string }).error;
}

const consentCount = () => prisma.oAuthConsent.count();

describe("gateway sign-in with OAuth", () => {
  it("serves RFC 8414 metadata naming PKCE S256, CIMD, DCR and iss; the gateway's RFC 9728 names the issuer", async () => {
    const metadata = (await (await fetch(`${stack().webUrl}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(metadata).toMatchObject({
      issuer: stack().webUrl,
      authorization_endpoint: `${stack().webUrl}/api/oidc/auth`,
      token_endpoint: `${stack().webUrl}/api/oidc/token`,
      registration_endpoint: `${stack().webUrl}/api/oidc/reg`,
      code_challenge_methods_supported: ["S256"],
      client_id_metadata_document_supported: true,
      authorization_response_iss_parameter_supported: true,
    });
    expect(metadata.scopes_supported).toContain("mcp");
    const unauthorized = await fetch(stack().gatewayMcpUrl, { method: "POST" });
    const resourceMetadataUrl = `${new URL(stack().gatewayMcpUrl).origin}/.well-known/oauth-protected-resource/mcp`;
    expect(unauthorized.headers.get("www-authenticate")).toBe(
      `Bearer resource_metadata="${resourceMetadataUrl}", scope="mcp"`,
    );
    expect(await (await fetch(resourceMetadataUrl)).json()).toMatchObject({
      resource: stack().gatewayMcpUrl,
      authorization_servers: [stack().webUrl],
      scopes_supported: ["mcp"],
    });
  });

  it("connects an MCP client that registers itself (DCR) and calls tools as the consenting user", async () => {
    const { user } = await seedUserWithConnectors();
    await seedUserWithConnectors(); // someone else's connectors stay invisible
    const client = new TestOAuthClient(REDIRECT_URI);
    await authorize(client, await stack().signedInBrowser(user.id));
    expect(await callEveryTool(client)).toEqual(["Notes:hi", "Wiki:hi"]);
    await stack().flushConsentUses();
    const [app] = await listConnectedApps(prisma, user.id);
    expect(app?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("connects a client identified by its metadata document (CIMD) and records the verified host", async () => {
    const { user } = await seedUserWithConnectors();
    const url = stack().serveMetadataDocument("/cimd/client.json", "");
    stack().serveMetadataDocument(
      "/cimd/client.json",
      JSON.stringify({
        client_id: url,
        client_name: "Metadata Client",
        redirect_uris: [REDIRECT_URI],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
      }),
    );
    const client = new TestOAuthClient(REDIRECT_URI, url);
    await authorize(client, await stack().signedInBrowser(user.id));
    expect(client.clientInformation()?.client_id).toBe(url);
    expect(await callEveryTool(client)).toEqual(["Notes:hi", "Wiki:hi"]);
    const [app] = await listConnectedApps(prisma, user.id);
    expect(app).toMatchObject({ clientId: url, clientName: "Metadata Client", metadataHost: new URL(url).host });
  });

  it("connects a pre-registered client limited to a profile, and a revoked app is refused on its next request", async () => {
    const { user, wiki } = await seedUserWithConnectors();
    await preRegisterClient(stack().provider, {
      client_id: "company-desktop-client",
      client_name: "Company Desktop",
      redirect_uris: [REDIRECT_URI],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    });
    const client = new TestOAuthClient(REDIRECT_URI, undefined, { client_id: "company-desktop-client" });
    const browser = await stack().signedInBrowser(user.id);
    await authorize(client, browser, { access: "profile", connectorId: wiki.id });
    expect(await callEveryTool(client)).toEqual(["Wiki:hi"]);
    const accessToken = client.tokens()!.access_token;
    expect(await gatewayStatus(accessToken)).toBe(200);

    const [app] = await listConnectedApps(prisma, user.id);
    await revokeConnectedApp(prisma, user.id, app!.id);
    // Within the gateway's change notification (its token-check cache empties then).
    await expect.poll(() => gatewayStatus(accessToken), { timeout: 2_000 }).toBe(401);
    expect(
      await prisma.auditEvent.findMany({
        where: { targetId: app!.id },
        select: { action: true },
        orderBy: { at: "asc" },
      }),
    ).toEqual([{ action: "oauth_consent.granted" }, { action: "oauth_consent.revoked" }]);
    // Nobody else can revoke it; an instance admin can (see the admin case below).
    await expect(revokeConnectedApp(prisma, (await seedUser(prisma)).id, app!.id)).rejects.toThrow(/not connected/);
    // Its refresh token died with the grant.
    const refreshed = await tokenRequest({
      grant_type: "refresh_token",
      client_id: "company-desktop-client",
      refresh_token: client.tokens()!.refresh_token!,
    });
    expect(refreshed).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("lists every user's apps for admins, who can revoke any of them", async () => {
    const { user } = await seedUserWithConnectors();
    const client = new TestOAuthClient(REDIRECT_URI);
    await authorize(client, await stack().signedInBrowser(user.id));
    const admin = await seedUser(prisma, { isInstanceAdmin: true });
    const app = (await listAllConnectedApps(prisma)).find((row) => row.user.email === user.email);
    await revokeConnectedApp(prisma, admin.id, app!.id, { anyUser: true });
    await expect.poll(() => gatewayStatus(client.tokens()!.access_token), { timeout: 2_000 }).toBe(401);
    expect(
      await prisma.auditEvent.findFirst({ where: { action: "oauth_consent.revoked", targetId: app!.id } }),
    ).toMatchObject({
      actorUserId: admin.id,
      metadata: { userId: user.id },
    });
  });

  it("remembers consent: the next authorization of the same client needs no page", async () => {
    const { user } = await seedUserWithConnectors();
    const redirectUri = "https://app.example.test/callback";
    const clientId = await registerClient(redirectUri);
    const browser = await stack().signedInBrowser(user.id);
    const url = () => authorizationUrl(clientId, pkcePair().challenge, { redirect_uri: redirectUri });
    expect((await obtainCodeWith(browser, url(), redirectUri)).get("code")).toBeTruthy();
    const { interactionUrl } = await browser.openAuthorization(url());
    const query = await browser.followToClient(await browser.request(interactionUrl), redirectUri);
    expect(query.get("code")).toBeTruthy();
  });

  it("remembered consent never skips the page for a loopback-only client (any local program could be asking)", async () => {
    const { user } = await seedUserWithConnectors();
    const clientId = await registerClient();
    const browser = await stack().signedInBrowser(user.id);
    expect((await obtainCode(browser, clientId, pkcePair().challenge)).get("code")).toBeTruthy();
    const { interactionUrl, uid } = await browser.openAuthorization(authorizationUrl(clientId, pkcePair().challenge));
    const again = await browser.request(interactionUrl);
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(`/oauth/consent/${uid}`);
  });

  it("finding: remembered consent never skips the page when this authorization's redirect goes to this device, whatever else the client registered", async () => {
    const { user } = await seedUserWithConnectors();
    const hosted = "https://app.example.test/callback";
    const appScheme = "com.example.app:/callback";
    // Like Cursor's and VS Code's registrations: a hosted callback beside local ones.
    const registered = await fetch(`${stack().webUrl}/api/oidc/reg`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ redirect_uris: [hosted, REDIRECT_URI, appScheme], token_endpoint_auth_method: "none" }),
    });
    const { client_id: clientId } = (await registered.json()) as { client_id: string };
    const browser = await stack().signedInBrowser(user.id);
    const url = (redirectUri: string) =>
      authorizationUrl(clientId, pkcePair().challenge, { redirect_uri: redirectUri });
    expect((await obtainCodeWith(browser, url(hosted), hosted)).get("code")).toBeTruthy();
    const remembered = await browser.openAuthorization(url(hosted));
    expect(
      (await browser.followToClient(await browser.request(remembered.interactionUrl), hosted)).get("code"),
    ).toBeTruthy();
    // Any program here could listen on the loopback port or claim the app's scheme and be asking.
    for (const local of [REDIRECT_URI, appScheme]) {
      const { interactionUrl, uid } = await browser.openAuthorization(url(local));
      const again = await browser.request(interactionUrl);
      expect(again.headers.get("location"), local).toBe(`/oauth/consent/${uid}`);
      // And the page warns about it.
      expect(
        (await loadConsentRequest(stack().provider, prisma, uid, user.id, stack().gatewayMcpUrl))
          ?.redirectsToThisDevice,
      ).toBe(true);
    }
  });

  it("re-consenting replaces the grant: the old grant and its refresh tokens are destroyed", async () => {
    const { user } = await seedUserWithConnectors();
    const clientId = await registerClient();
    const { challenge, verifier } = pkcePair();
    const issued = await redeem(
      clientId,
      (await obtainCode(await stack().signedInBrowser(user.id), clientId, challenge)).get("code")!,
      verifier,
    );
    expect(issued.status).toBe(200);
    const { grantId: oldGrantId } = await prisma.oAuthConsent.findFirstOrThrow({
      where: { clientId, userId: user.id },
    });

    const newGrantId = await grantConsent(
      prisma,
      stack().provider,
      stack().gatewayMcpUrl,
      { userId: user.id, clientId, scope: "mcp offline_access" },
      { clientId, name: "Raw client", logoUri: null, verifiedHost: null },
      { access: "all" },
    );
    expect(newGrantId).not.toBe(oldGrantId);
    expect(await prisma.oidcPayload.count({ where: { grantId: oldGrantId, kind: "RefreshToken" } })).toBe(0);
    expect(await prisma.oidcPayload.count({ where: { kind: "Grant", id: storedOidcId(oldGrantId!) } })).toBe(0);
    const refreshed = await tokenRequest({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: issued.body.refresh_token!,
    });
    expect(refreshed.status).toBe(400);
  });

  it("grants the gateway scope to a client that asks for no scope", async () => {
    const { user } = await seedUserWithConnectors();
    const clientId = await registerClient();
    const { challenge, verifier } = pkcePair();
    const browser = await stack().signedInBrowser(user.id);
    const query = await obtainCodeWith(browser, authorizationUrl(clientId, challenge, { scope: null }));
    const tokens = await redeem(clientId, query.get("code")!, verifier);
    expect(tokens.body.scope).toBe("mcp");
    expect(await gatewayStatus(tokens.body.access_token!)).toBe(200);
  });

  it("a form-posted authorization request (POST /auth) is not served, so no request skips the gateway scope that way (OAuth 2.1 asks for GET only)", async () => {
    const { user } = await seedUserWithConnectors();
    const clientId = await registerClient();
    const browser = await stack().signedInBrowser(user.id);
    const { searchParams, origin, pathname } = authorizationUrl(clientId, pkcePair().challenge, { scope: null });
    const posted = await browser.request(new URL(pathname, origin), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: searchParams,
    });
    expect(posted.status).toBe(404);
    expect(posted.headers.get("location")).toBeNull();
  });

  it("finding: a pushed authorization request (PAR, RFC 9126) that names no scope gets the gateway scope", async () => {
    const { user } = await seedUserWithConnectors();
    const clientId = await registerClient();
    const { challenge, verifier } = pkcePair();
    const pushed = await fetch(`${stack().webUrl}/api/oidc/request`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: authorizationUrl(clientId, challenge, { scope: null }).searchParams,
    });
    const { request_uri } = (await pushed.json()) as { request_uri: string };
    expect(pushed.status).toBe(201);
    const url = new URL(`${stack().webUrl}/api/oidc/auth`);
    url.search = new URLSearchParams({ client_id: clientId, request_uri }).toString();
    const query = await obtainCodeWith(await stack().signedInBrowser(user.id), url);
    const tokens = await redeem(clientId, query.get("code")!, verifier);
    expect(tokens.body.scope).toBe("mcp");
    expect(await gatewayStatus(tokens.body.access_token!)).toBe(200);
  });

  it("forgets a dynamically registered client left unused for 30 days, never a pre-registered one", async () => {
    const clientId = await registerClient();
    const row = () =>
      prisma.oidcPayload.findUniqueOrThrow({ where: { kind_id: { kind: "Client", id: storedOidcId(clientId) } } });
    const days = ((await row()).expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    // Used after 29 days idle: the expiry moves 30 days out again.
    await prisma.oidcPayload.update({
      where: { kind_id: { kind: "Client", id: storedOidcId(clientId) } },
      data: { expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const browser = await stack().signedInBrowser((await seedUser(prisma)).id);
    await browser.openAuthorization(authorizationUrl(clientId, pkcePair().challenge));
    expect(((await row()).expiresAt!.getTime() - Date.now()) / 86_400_000).toBeGreaterThan(29.9);
    // Past it, the client is unknown.
    await prisma.oidcPayload.update({
      where: { kind_id: { kind: "Client", id: storedOidcId(clientId) } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await authorizationError(browser, authorizationUrl(clientId, pkcePair().challenge))).toBe("invalid_client");
    // The pre-registered client of the test above.
    const preRegistered = await prisma.oidcPayload.findUniqueOrThrow({
      where: { kind_id: { kind: "Client", id: storedOidcId("company-desktop-client") } },
    });
    expect(preRegistered.expiresAt).toBeNull();
  });

  it("returns access_denied with iss when the user denies, and issues nothing", async () => {
    const { user } = await seedUserWithConnectors();
    const clientId = await registerClient();
    const browser = await stack().signedInBrowser(user.id);
    const { interactionUrl, uid } = await browser.openAuthorization(authorizationUrl(clientId, pkcePair().challenge));
    const query = await browser.followToClient(
      await browser.decide(interactionUrl, uid, { decision: "deny" }),
      REDIRECT_URI,
    );
    expect(query.get("error")).toBe("access_denied");
    expect(query.get("iss")).toBe(stack().webUrl);
    expect(query.get("code")).toBeNull();
    expect(await prisma.oAuthConsent.count({ where: { userId: user.id } })).toBe(0);
  });

  it("issues a token for one connector's endpoint that is good there only; a token for the gateway is good on every connector's endpoint", async () => {
    const { user } = await seedUserWithConnectors();
    const notesUrl = `${stack().gatewayMcpUrl}/notes`;
    // A client given only the connector's address finds where to sign in from the challenge.
    const challenge = (await fetch(notesUrl, { method: "POST" })).headers.get("www-authenticate")!;
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)![1]!;
    expect(await (await fetch(metadataUrl)).json()).toMatchObject({
      resource: notesUrl,
      authorization_servers: [stack().webUrl],
    });
    const browser = await stack().signedInBrowser(user.id);
    const obtainTokens = async (clientId: string, resource: string) => {
      const { challenge: codeChallenge, verifier } = pkcePair();
      const url = authorizationUrl(clientId, codeChallenge, { resource });
      return consentAndRedeem(browser, user.id, { clientId, url, verifier, resource });
    };
    const forNotes = await obtainTokens(await registerClient(), notesUrl);
    // The consent page says which connector's address the app asked for.
    expect(forNotes.consentEndpoint).toBe(notesUrl);
    expect(forNotes.status).toBe(200);
    expect(decodeJwt(forNotes.body.access_token!).aud).toBe(notesUrl);
    const status = (url: string, token: string) => probeGateway(url, token);
    expect(await status(notesUrl, forNotes.body.access_token!)).toBe(200);
    expect(await status(stack().gatewayMcpUrl, forNotes.body.access_token!)).toBe(401);
    expect(await status(`${stack().gatewayMcpUrl}/wiki`, forNotes.body.access_token!)).toBe(401);
    // Its refresh token buys no token for the whole gateway.
    const widened = await tokenRequest({
      grant_type: "refresh_token",
      client_id: decodeJwt(forNotes.body.access_token!).client_id as string,
      refresh_token: forNotes.body.refresh_token!,
      resource: stack().gatewayMcpUrl,
    });
    expect(widened).toMatchObject({ status: 400, body: { error: "invalid_target" } });

    const forGateway = await obtainTokens(await registerClient(), stack().gatewayMcpUrl);
    expect(forGateway.consentEndpoint).toBeNull();
    for (const path of ["", "/notes", "/wiki"]) {
      expect(await status(`${stack().gatewayMcpUrl}${path}`, forGateway.body.access_token!)).toBe(200);
    }
  });

  it("finding: an app asking for one connector's address and the gateway's is not shown as limited to the connector (its tokens work on every path)", async () => {
    const { user } = await seedUserWithConnectors();
    const notesUrl = `${stack().gatewayMcpUrl}/notes`;
    const browser = await stack().signedInBrowser(user.id);
    const clientId = await registerClient();
    const { challenge: codeChallenge, verifier } = pkcePair();
    const url = authorizationUrl(clientId, codeChallenge, { resource: notesUrl });
    url.searchParams.append("resource", stack().gatewayMcpUrl);
    const tokens = await consentAndRedeem(browser, user.id, {
      clientId,
      url,
      verifier,
      resource: stack().gatewayMcpUrl,
    });
    // The grant holds the gateway's resource too: the page must not say "there only".
    expect(tokens.status).toBe(200);
    expect(await probeGateway(stack().gatewayMcpUrl, tokens.body.access_token!)).toBe(200);
    expect(tokens.consentEndpoint).toBeNull();
  });

  it("finding: a remembered consent for one connector's address does not skip the page when the app asks for the gateway's", async () => {
    const { user } = await seedUserWithConnectors();
    const redirectUri = "https://app.example.test/callback";
    const clientId = await registerClient(redirectUri);
    const browser = await stack().signedInBrowser(user.id);
    const url = (resource: string) =>
      authorizationUrl(clientId, pkcePair().challenge, { redirect_uri: redirectUri, resource });
    const notesUrl = `${stack().gatewayMcpUrl}/notes`;
    expect((await obtainCodeWith(browser, url(notesUrl), redirectUri)).get("code")).toBeTruthy();
    // The same connector's address again: remembered, no page.
    const again = await browser.openAuthorization(url(notesUrl));
    expect((await browser.followToClient(await browser.request(again.interactionUrl), redirectUri)).get("code")).toBeTruthy(); // prettier-ignore
    // The whole gateway (or another connector's address) was never consented to: the page asks.
    for (const resource of [stack().gatewayMcpUrl, `${stack().gatewayMcpUrl}/wiki`]) {
      const wider = await browser.openAuthorization(url(resource));
      const answer = await browser.request(wider.interactionUrl);
      expect(answer.headers.get("location"), resource).toBe(`/oauth/consent/${wider.uid}`);
    }
  });

  it("sends an unsigned-in browser to sign in, then back to the consent page", async () => {
    const clientId = await registerClient();
    const { user } = await seedUserWithConnectors();
    const browser = await stack().signedInBrowser(user.id);
    browser.cookies.delete("next-auth.session-token");
    const { interactionUrl, uid } = await browser.openAuthorization(authorizationUrl(clientId, pkcePair().challenge));
    const response = await browser.request(interactionUrl);
    expect(response.headers.get("location")).toBe(
      `/sign-in?${new URLSearchParams({ callbackUrl: `/oauth/consent/${uid}` })}`,
    );
  });
});

describe("attacks on gateway sign-in are refused and issue nothing", () => {
  let clientId: string;
  let browser: Browser;
  let browserUserId: string;
  beforeAll(async () => {
    clientId = await registerClient();
    browserUserId = (await seedUser(prisma)).id;
    browser = await stack().signedInBrowser(browserUserId);
  });

  it("redirect URI mismatch", async () => {
    const url = authorizationUrl(clientId, pkcePair().challenge, { redirect_uri: "http://127.0.0.1:9/evil" });
    expect(await authorizationError(browser, url)).toBe("invalid_redirect_uri");
  });

  it("missing PKCE and plain PKCE", async () => {
    const { challenge, verifier } = pkcePair();
    expect(
      await authorizationError(
        browser,
        authorizationUrl(clientId, challenge, { code_challenge: null, code_challenge_method: null }),
      ),
    ).toBe("invalid_request");
    expect(
      await authorizationError(browser, authorizationUrl(clientId, verifier, { code_challenge_method: "plain" })),
    ).toBe("invalid_request");
  });

  it("a resource other than the gateway", async () => {
    const url = authorizationUrl(clientId, pkcePair().challenge, { resource: "https://other.example/mcp" });
    expect(await authorizationError(browser, url)).toBe("invalid_target");
  });

  it("a replayed authorization code (and the first redemption's tokens die with the grant)", async () => {
    const before = await consentCount();
    const { challenge, verifier } = pkcePair();
    const code = (await obtainCode(browser, clientId, challenge)).get("code")!;
    const first = await redeem(clientId, code, verifier);
    expect(first.status).toBe(200);
    expect(await gatewayStatus(first.body.access_token!)).toBe(200);
    expect(await redeem(clientId, code, verifier)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    // Within the gateway's change notification (its token-check cache empties then).
    await expect.poll(() => gatewayStatus(first.body.access_token!), { timeout: 2_000 }).toBe(401);
    expect(await consentCount()).toBe(before + 1);
  });

  it("a wrong PKCE verifier", async () => {
    const { challenge } = pkcePair();
    const code = (await obtainCode(browser, clientId, challenge)).get("code")!;
    expect(await redeem(clientId, code, pkcePair().verifier)).toMatchObject({
      status: 400,
      body: { error: "invalid_grant" },
    });
  });

  it("a refresh token replayed after the grace window revokes the family; a retry inside it does not", async () => {
    const { challenge, verifier } = pkcePair();
    const code = (await obtainCode(browser, clientId, challenge)).get("code")!;
    const issued = await redeem(clientId, code, verifier);
    const refresh = (token: string) =>
      tokenRequest({ grant_type: "refresh_token", client_id: clientId, refresh_token: token });
    const rotated = await refresh(issued.body.refresh_token!);
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(issued.body.refresh_token);
    // A lost response's retry, inside the grace window: served, nothing revoked.
    const retried = await refresh(issued.body.refresh_token!);
    expect(retried.status).toBe(200);
    expect(await gatewayStatus(rotated.body.access_token!)).toBe(200);

    const consent = await prisma.oAuthConsent.findFirstOrThrow({ where: { clientId, userId: browserUserId } });
    const revocations = () =>
      prisma.auditEvent.count({ where: { action: "oauth_grant.revoked", targetId: consent.id } });
    const revokedBefore = await revocations();
    await new Promise((resolve) => setTimeout(resolve, GRACE_SECONDS * 1000 + 200));
    expect(await refresh(issued.body.refresh_token!)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(await refresh(rotated.body.refresh_token!)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    // Within the gateway's change notification (its token-check cache empties then).
    await expect.poll(() => gatewayStatus(retried.body.access_token!), { timeout: 2_000 }).toBe(401);
    await expect.poll(revocations).toBe(revokedBefore + 1);
  });

  it("a metadata document whose client_id differs from its URL, one on a private address, an oversized one", async () => {
    const document = (clientIdValue: string, padding = "") =>
      JSON.stringify({ client_id: clientIdValue, client_name: `x${padding}`, redirect_uris: [REDIRECT_URI] });
    const mismatched = stack().serveMetadataDocument(
      "/cimd/mismatch.json",
      document("https://elsewhere.example/client.json"),
    );
    const onPrivateAddress = stack().serveMetadataDocument("/cimd/private.json", "", { privateHost: true });
    stack().serveMetadataDocument("/cimd/private.json", document(onPrivateAddress));
    const oversized = stack().serveMetadataDocument("/cimd/big.json", "");
    stack().serveMetadataDocument("/cimd/big.json", document(oversized, "x".repeat(6 * 1024)));
    for (const url of [mismatched, onPrivateAddress, oversized]) {
      expect(await authorizationError(browser, authorizationUrl(url, pkcePair().challenge))).toMatch(/^invalid_client/);
    }
  });

  it("a token for another audience, or signed by another key", async () => {
    const { challenge, verifier } = pkcePair();
    const issued = await redeem(clientId, (await obtainCode(browser, clientId, challenge)).get("code")!, verifier);
    const claims = decodeJwt(issued.body.access_token!);
    const [jwk] = await loadSigningKeys(prisma, stack().secretBox);
    const ourKey = await importJWK(jwk!, "RS256");
    const { privateKey: otherKey } = await generateKeyPair("RS256");
    const resign = (audience: string, key: CryptoKey | Uint8Array = ourKey) =>
      new SignJWT({ ...claims, aud: audience })
        .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: jwk!.kid! })
        .sign(key);
    // The same claims re-signed with our key pass, so the refusals below are the audience's and the key's.
    expect(await gatewayStatus(await resign(stack().gatewayMcpUrl))).toBe(200);
    expect(await gatewayStatus(await resign("https://other.example/mcp"))).toBe(401);
    expect(await gatewayStatus(await resign(stack().gatewayMcpUrl, otherKey))).toBe(401);
  });

  it("a signing key added after the gateway loaded its keys is accepted within seconds, not 30 s", async () => {
    const { challenge, verifier } = pkcePair();
    const issued = await redeem(clientId, (await obtainCode(browser, clientId, challenge)).get("code")!, verifier);
    expect(await gatewayStatus(issued.body.access_token!)).toBe(200);
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
    const [id, kid] = [randomUUID(), randomUUID()];
    await prisma.oAuthSigningKey.create({
      data: {
        id,
        kid,
        publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" },
        privateJwkCiphertext: stack().secretBox.seal(JSON.stringify(await exportJWK(privateKey)), {
          table: "OAuthSigningKey",
          column: "privateJwkCiphertext",
          rowId: id,
        }),
      },
    });
    try {
      const token = await new SignJWT(decodeJwt(issued.body.access_token!))
        .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid })
        .sign(privateKey);
      // The gateway re-reads its keys for an unknown one at most every 5 s: accepted by then.
      await expect.poll(() => gatewayStatus(token), { timeout: 6_000, interval: 250 }).toBe(200);
    } finally {
      await prisma.oAuthSigningKey.delete({ where: { id } });
    }
  });

  it("a consent posted without the form's CSRF token, or from a browser that did not start the request", async () => {
    const before = await consentCount();
    const { interactionUrl, uid } = await browser.openAuthorization(authorizationUrl(clientId, pkcePair().challenge));
    const forged = await browser.decide(interactionUrl, uid, { decision: "allow", access: "all" }, "forged");
    expect(forged.status).toBe(403);
    // The victim's own session and token, but the attacker's authorization request.
    const victim = await stack().signedInBrowser((await seedUser(prisma)).id);
    const crossBrowser = await victim.decide(interactionUrl, uid, { decision: "allow", access: "all" });
    expect(crossBrowser.status).toBe(400);
    expect(await consentCount()).toBe(before);
  });
});
