import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createTestPrisma, seedTeam, seedUser } from "@switchboard/db/testing";
import { createGuardedFetch } from "@switchboard/oauth";
import { decodeJwt, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { JWT_BEARER_GRANT_TYPE, ID_JAG_GRANT_PROFILE } from "@/modules/oauth-server/lib/id-jag-grant.ts";
import { isIdJagEnabled, setIdJagEnabled } from "@/modules/instance-settings/lib/id-jag-setting.ts";
import { deleteExpiredOidcPayloads } from "@/modules/oauth-server/lib/delete-expired-oidc-payloads.ts";
import { startCompanySso, type CompanySso, type IdJagAudience } from "../../../e2e/support/company-sso.ts";
import { setUpGatewayOAuthStack } from "./support/gateway-oauth-stack.ts";
import { probeGateway } from "@switchboard/gateway/testing";
import { preRegisterClient } from "./support/pre-register-client.ts";

// Enterprise-managed authorization: the company SSO (a real oidc-provider) signs a user in to an MCP
// client, trades the ID token for an ID-JAG by RFC 8693 token exchange, and the client trades that
// at Switchboard's token endpoint (RFC 7523) for a gateway access token: no browser at Switchboard.

const prisma = createTestPrisma();
const audiences: IdJagAudience[] = [];
let sso: CompanySso;

/** The MCP client at the company SSO (confidential: the token exchange needs its secret). */
const IDP_CLIENT = {
  clientId: "mcp-client",
  clientSecret: "mcp-client-secret-at-the-idp",
  redirectUri: "http://127.0.0.1:9/idp",
};
/** The same MCP client at Switchboard, registered for the JWT bearer grant. */
const CLIENT = { clientId: "enterprise-mcp-client", clientSecret: "enterprise-client-secret-at-switchboard" };
/** Another client at Switchboard, registered for the JWT bearer grant too. */
const OTHER_CLIENT = { clientId: "other-mcp-client", clientSecret: "other-client-secret-at-switchboard" };
/** A client an admin limited to one team's connectors. */
const TEAM_CLIENT = { clientId: "team-mcp-client", clientSecret: "team-client-secret-at-switchboard" };
/** A client at Switchboard that never asked for the JWT bearer grant. */
const CODE_ONLY_CLIENT = { clientId: "code-only-client", clientSecret: "code-only-secret-at-switchboard" };
/** Registered for the grant but public (no secret): anyone can present its client_id. */
const PUBLIC_CLIENT_ID = "public-mcp-client";
const ADA = "ada.lovelace@corp.example";

let admin: { id: string; isInstanceAdmin: boolean };
/** Signed in to Switchboard by SSO before: every refusal below is for its own reason, not an unknown subject. */
let ada: { id: string };

beforeAll(async () => {
  sso = await startCompanySso({
    port: 0,
    clients: [
      {
        client_id: IDP_CLIENT.clientId,
        client_secret: IDP_CLIENT.clientSecret,
        redirect_uris: [IDP_CLIENT.redirectUri],
        grant_types: ["authorization_code", "urn:ietf:params:oauth:grant-type:token-exchange"],
        response_types: ["code"],
      },
    ],
    idJagAudiences: audiences,
  });
});

afterAll(async () => {
  await sso?.close();
});

const stack = setUpGatewayOAuthStack(prisma, () => ({
  idJag: {
    idpIssuer: sso.issuer,
    idpFetch: createGuardedFetch({
      allowInsecureHttp: true,
      allowedDestinations: [new URL(sso.issuer).host],
      timeoutMs: 2_000,
      maxResponseBytes: 64 * 1024,
    }),
    isEnabled: () => isIdJagEnabled(prisma),
  },
}));

beforeAll(async () => {
  // The IdP's policy: this client may get ID-JAGs for Switchboard, and for another authorization
  // server (one that, to isolate the audience check, names the same resource).
  audiences.push(
    {
      audience: stack().webUrl,
      resource: stack().gatewayMcpUrl,
      clientIds: { [IDP_CLIENT.clientId]: CLIENT.clientId },
    },
    {
      audience: "https://other-as.corp.example",
      resource: stack().gatewayMcpUrl,
      clientIds: { [IDP_CLIENT.clientId]: CLIENT.clientId },
    },
  );
  const register = (client: typeof CLIENT, codeFlow: boolean) =>
    preRegisterClient(stack().provider, {
      client_id: client.clientId,
      client_secret: client.clientSecret,
      client_name: `Enterprise client ${client.clientId}`,
      token_endpoint_auth_method: "client_secret_basic",
      grant_types: codeFlow ? ["authorization_code"] : [JWT_BEARER_GRANT_TYPE],
      response_types: codeFlow ? ["code"] : [],
      redirect_uris: codeFlow ? ["https://client.corp.example/callback"] : [],
    });
  await Promise.all([
    register(CLIENT, false),
    register(OTHER_CLIENT, false),
    register(TEAM_CLIENT, false),
    register(CODE_ONLY_CLIENT, true),
    preRegisterClient(stack().provider, {
      client_id: PUBLIC_CLIENT_ID,
      client_name: "Public client",
      token_endpoint_auth_method: "none",
      grant_types: [JWT_BEARER_GRANT_TYPE],
      response_types: [],
      redirect_uris: [],
    }),
  ]);
  admin = await seedUser(prisma, { isInstanceAdmin: true });
  ada = await seedSsoUser(ADA);
  await setIdJagEnabled(prisma, admin, true);
});

/** A user who signed in to Switchboard by company SSO before (linked by the IdP's `sub`), with a connector. */
async function seedSsoUser(email: string) {
  const user = await seedUser(prisma, { email });
  await prisma.account.create({ data: { userId: user.id, provider: "oidc", providerAccountId: email } });
  await stack().seedConnector("Notes", { scope: "PERSONAL", ownerUserId: user.id });
  return user;
}

/** The client's side of the IdP: sign `email` in, exchange the ID token for an ID-JAG. */
async function idJagFor(email: string, audience = stack().webUrl) {
  const idToken = await sso.signIn(email, IDP_CLIENT);
  const response = await sso.exchangeForIdJag(idToken, IDP_CLIENT, { audience, scope: "mcp" });
  const body = (await response.json()) as { access_token?: string; issued_token_type?: string };
  expect(response.status, JSON.stringify(body)).toBe(200);
  expect(body.issued_token_type).toBe("urn:ietf:params:oauth:token-type:id-jag");
  return body.access_token!;
}

/** RFC 7523 at Switchboard's token endpoint, authenticating as `client`. */
async function exchangeAtSwitchboard(assertion: string, client = CLIENT, extra: Record<string, string> = {}) {
  const response = await fetch(`${stack().webUrl}/api/oidc/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion, ...extra }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function callEcho(accessToken: string) {
  const mcp = new Client({ name: "enterprise-client", version: "1.0.0" });
  await mcp.connect(
    new StreamableHTTPClientTransport(new URL(stack().gatewayMcpUrl), {
      requestInit: { headers: { authorization: `Bearer ${accessToken}` } },
    }),
  );
  try {
    const { tools } = await mcp.listTools();
    return await Promise.all(
      tools.map(async (tool) => {
        const result = await mcp.callTool({ name: tool.name, arguments: { message: "hi" } });
        return (result.content as { text: string }[])[0]?.text;
      }),
    );
  } finally {
    await mcp.close();
  }
}

/** What a refused exchange must leave untouched. */
async function issuedState() {
  return {
    consents: await prisma.oAuthConsent.count(),
    grants: await prisma.auditEvent.count({ where: { action: "oauth_id_jag.granted" } }),
  };
}

async function expectRefused(
  assertion: string,
  error: string,
  client: { clientId: string; clientSecret: string } = CLIENT,
  extra: Record<string, string> = {},
) {
  const before = await issuedState();
  const { status, body } = await exchangeAtSwitchboard(assertion, client, extra);
  expect(body.error, JSON.stringify(body)).toBe(error);
  expect(status).toBe(400);
  expect(body.access_token).toBeUndefined();
  expect(await issuedState()).toEqual(before);
  return body;
}

describe("enterprise-managed authorization (ID-JAG)", () => {
  beforeEach(async () => {
    await setIdJagEnabled(prisma, admin, true);
  });

  it("advertises the JWT bearer grant and the ID-JAG profile in its metadata", async () => {
    const metadata = (await (await fetch(`${stack().webUrl}/.well-known/oauth-authorization-server`)).json()) as {
      grant_types_supported: string[];
      authorization_grant_profiles_supported: string[];
    };
    expect(metadata.grant_types_supported).toContain(JWT_BEARER_GRANT_TYPE);
    expect(metadata.authorization_grant_profiles_supported).toEqual([ID_JAG_GRANT_PROFILE]);
  });

  it("an ID-JAG from the company SSO buys an access token the gateway accepts, with no browser step", async () => {
    const user = ada;
    const assertion = await idJagFor(ADA);

    const { status, body } = await exchangeAtSwitchboard(assertion);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", scope: "mcp", expires_in: 900 });
    // The client asks the IdP again (a fresh ID-JAG) instead of refreshing: the IdP's policy decides.
    expect(body.refresh_token).toBeUndefined();
    const claims = decodeJwt(String(body.access_token));
    expect(claims).toMatchObject({
      iss: stack().webUrl,
      aud: stack().gatewayMcpUrl,
      sub: user.id,
      client_id: CLIENT.clientId,
    });

    expect(await callEcho(String(body.access_token))).toEqual(["Notes:hi"]);

    const consent = await prisma.oAuthConsent.findUniqueOrThrow({
      where: { userId_clientId: { userId: user.id, clientId: CLIENT.clientId } },
    });
    expect(consent).toMatchObject({ grantId: claims.grant_id, restricted: false });
    const audit = await prisma.auditEvent.findMany({ where: { action: "oauth_id_jag.granted" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorUserId: user.id,
      targetId: consent.id,
      metadata: { clientId: CLIENT.clientId, idpIssuer: sso.issuer, consentCreated: true },
    });

    // A second ID-JAG reuses the remembered consent and its grant.
    const second = await exchangeAtSwitchboard(await idJagFor(ADA));
    expect(second.status).toBe(200);
    expect(decodeJwt(String(second.body.access_token)).grant_id).toBe(claims.grant_id);
    expect(await callEcho(String(body.access_token))).toEqual(["Notes:hi"]);
  });

  it("a client an admin limited to a team reaches only that team's connectors", async () => {
    const user = await seedSsoUser("katherine.johnson@corp.example");
    const team = await seedTeam(prisma, [{ userId: user.id, role: "MEMBER" }], "Flight");
    await stack().seedConnector("Trajectories", { scope: "TEAM", teamId: team.id });
    await prisma.oAuthPreRegisteredClient.create({
      data: {
        clientId: TEAM_CLIENT.clientId,
        name: "Team client",
        redirectUris: [],
        confidential: true,
        teamId: team.id,
      },
    });
    const assertion = await sso.signIdJag({
      sub: "katherine.johnson@corp.example",
      aud: stack().webUrl,
      resource: stack().gatewayMcpUrl,
      client_id: TEAM_CLIENT.clientId,
    });

    const { status, body } = await exchangeAtSwitchboard(assertion, TEAM_CLIENT);
    expect(status, JSON.stringify(body)).toBe(200);
    // What a team consent reaches is the gateway's part (it reads the consent's team); never the
    // user's personal connectors.
    expect(await callEcho(String(body.access_token))).not.toContain("Notes:hi");
    expect(
      await prisma.oAuthConsent.findUniqueOrThrow({
        where: { userId_clientId: { userId: user.id, clientId: TEAM_CLIENT.clientId } },
      }),
    ).toMatchObject({ teamId: team.id, restricted: true });
  });

  it("refuses a replayed ID-JAG (same jti)", async () => {
    await seedSsoUser("grace.hopper@corp.example");
    const assertion = await idJagFor("grace.hopper@corp.example");
    expect((await exchangeAtSwitchboard(assertion)).status).toBe(200);
    await expectRefused(assertion, "invalid_grant");
    // The spent jti is kept as long as the verifier would still take the assertion (exp + 30 s of
    // clock tolerance), so the hourly sweep cannot reopen a replay window.
    const { exp, jti } = decodeJwt(assertion);
    const spent = await prisma.spentIdJag.findFirstOrThrow({ where: { jti: jti! } });
    expect(spent.expiresAt.getTime()).toBe((exp! + 30) * 1000);
  });

  it("refuses an ID-JAG for another authorization server (wrong audience)", async () => {
    await expectRefused(await idJagFor(ADA, "https://other-as.corp.example"), "invalid_grant");
  });

  it("refuses an expired ID-JAG", async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await sso.signIdJag({
      sub: ADA,
      aud: stack().webUrl,
      resource: stack().gatewayMcpUrl,
      client_id: CLIENT.clientId,
      iat: now - 600,
      exp: now - 300,
    });
    const body = await expectRefused(expired, "invalid_grant");
    expect(body.error_description).toBe("The assertion has expired.");
  });

  it("refuses an ID-JAG for another resource", async () => {
    const assertion = await sso.signIdJag({
      sub: ADA,
      aud: stack().webUrl,
      resource: "https://other-mcp.corp.example/mcp",
      client_id: CLIENT.clientId,
    });
    await expectRefused(assertion, "invalid_grant");
    // Nor may the token request name another resource.
    await expectRefused(await idJagFor(ADA), "invalid_target", CLIENT, {
      resource: "https://other-mcp.corp.example/mcp",
    });
  });

  it("an ID-JAG for one connector's endpoint buys a token good there only", async () => {
    const notesUrl = `${stack().gatewayMcpUrl}/notes`;
    const assertion = await sso.signIdJag({ sub: ADA, aud: stack().webUrl, resource: notesUrl, client_id: CLIENT.clientId }); // prettier-ignore
    const { status, body } = await exchangeAtSwitchboard(assertion, CLIENT, { resource: notesUrl });
    expect(status, JSON.stringify(body)).toBe(200);
    const token = String(body.access_token);
    expect(decodeJwt(token).aud).toBe(notesUrl);
    expect(await probeGateway(notesUrl, token)).toBe(200);
    expect(await probeGateway(stack().gatewayMcpUrl, token)).toBe(401);
    // The request and the assertion must name the same resource.
    await expectRefused(await idJagFor(ADA), "invalid_grant", CLIENT, { resource: notesUrl });
  });

  it("refuses an ID-JAG whose subject has no Switchboard account linked to the company SSO", async () => {
    // Signed in at the IdP, but never at Switchboard (a Switchboard user with the same e-mail and no
    // SSO link is not enough either).
    await seedUser(prisma, { email: "mallory@corp.example" });
    await expectRefused(await idJagFor("mallory@corp.example"), "invalid_grant");
  });

  it("refuses an ID-JAG of a disabled user", async () => {
    const user = await seedSsoUser("disabled.dan@corp.example");
    await prisma.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await expectRefused(await idJagFor("disabled.dan@corp.example"), "invalid_grant");
  });

  it("refuses an ID-JAG presented by another client than the one it names", async () => {
    await expectRefused(await idJagFor(ADA), "invalid_grant", OTHER_CLIENT);
  });

  it("refuses a JWT that is not an ID-JAG (the ID token, another typ) and one signed by someone else", async () => {
    await expectRefused(await sso.signIn(ADA, IDP_CLIENT), "invalid_grant");
    const claims = { sub: ADA, aud: stack().webUrl, resource: stack().gatewayMcpUrl, client_id: CLIENT.clientId };
    await expectRefused(await sso.signIdJag(claims, "JWT"), "invalid_grant");
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ resource: stack().gatewayMcpUrl, client_id: CLIENT.clientId })
      .setProtectedHeader({ alg: "RS256", typ: "oauth-id-jag+jwt", kid: "company-sso" })
      .setIssuer(sso.issuer)
      .setSubject(ADA)
      .setAudience(stack().webUrl)
      .setJti("forged")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
    await expectRefused(forged, "invalid_grant");
  });

  it("refuses an ID-JAG whose scope leaves out the gateway's, and a request for another scope", async () => {
    const claims = { sub: ADA, aud: stack().webUrl, resource: stack().gatewayMcpUrl, client_id: CLIENT.clientId };
    await expectRefused(await sso.signIdJag({ ...claims, scope: "calendar.read" }), "invalid_grant");
    await expectRefused(await sso.signIdJag(claims), "invalid_scope", CLIENT, { scope: "calendar.read" });
  });

  it("refuses a client that did not register for the JWT bearer grant", async () => {
    const assertion = await sso.signIdJag({ sub: ADA, aud: stack().webUrl, client_id: CODE_ONLY_CLIENT.clientId });
    await expectRefused(assertion, "unauthorized_client", CODE_ONLY_CLIENT);
  });

  it("refuses a public client: a captured ID-JAG must not work for whoever presents its client_id", async () => {
    const assertion = await sso.signIdJag({ sub: ADA, aud: stack().webUrl, resource: stack().gatewayMcpUrl, client_id: PUBLIC_CLIENT_ID }); // prettier-ignore
    const before = await issuedState();
    const response = await fetch(`${stack().webUrl}/api/oidc/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion, client_id: PUBLIC_CLIENT_ID }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect([response.status, body.error]).toEqual([400, "unauthorized_client"]);
    expect(body.access_token).toBeUndefined();
    expect(await issuedState()).toEqual(before);
  });

  it("refuses a client that fails to authenticate", async () => {
    const before = await issuedState();
    const { status, body } = await exchangeAtSwitchboard(await idJagFor(ADA), { ...CLIENT, clientSecret: "wrong" });
    expect([status, body.error]).toEqual([401, "invalid_client"]);
    expect(await issuedState()).toEqual(before);
  });

  it("refuses every ID-JAG while the admin switch is off (the default)", async () => {
    await setIdJagEnabled(prisma, admin, false);
    const body = await expectRefused(await idJagFor(ADA), "unsupported_grant_type");
    expect(body.error_description).toMatch(/turned off/);
    await prisma.instanceSettings.deleteMany();
    expect(await isIdJagEnabled(prisma)).toBe(false);
  });

  it("forgets spent ID-JAGs once they have expired (a replay is refused for its exp by then)", async () => {
    await prisma.spentIdJag.createMany({
      data: [
        { issuer: sso.issuer, jti: "expired", expiresAt: new Date(Date.now() - 1000) },
        { issuer: sso.issuer, jti: "live", expiresAt: new Date(Date.now() + 60_000) },
      ],
    });
    await deleteExpiredOidcPayloads(prisma);
    const left = await prisma.spentIdJag.findMany({ where: { jti: { in: ["expired", "live"] } } });
    expect(left.map((row) => row.jti)).toEqual(["live"]);
  });

  it("only an instance admin turns the switch, and each change is audited", async () => {
    const member = await seedUser(prisma);
    await expect(setIdJagEnabled(prisma, member, false)).rejects.toThrow("Only an admin can change this.");
    expect(await isIdJagEnabled(prisma)).toBe(true);
    await setIdJagEnabled(prisma, admin, false);
    const events = await prisma.auditEvent.findMany({
      where: { action: { startsWith: "instance_settings.id_jag_" } },
      orderBy: { at: "desc" },
      take: 1,
    });
    expect(events[0]).toMatchObject({ actorUserId: admin.id, action: "instance_settings.id_jag_disabled" });
  });
});
