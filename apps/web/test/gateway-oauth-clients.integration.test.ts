import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { createTestPrisma, seedTeam, seedUser } from "@switchboard/db/testing";
import { describe, expect, it } from "vitest";
import { deletePreRegisteredClient } from "@/modules/oauth-server/lib/delete-pre-registered-client.ts";
import { listPreRegisteredClients, preRegisterClient } from "@/modules/oauth-server/lib/pre-register-client.ts";
import { createGatewayOAuthSteps } from "./support/gateway-oauth-steps.ts";
import { setUpGatewayOAuthStack, TestOAuthClient } from "./support/gateway-oauth-stack.ts";

// Consent to one team's connectors, and clients an admin registers ahead of time.
const prisma = createTestPrisma();
const stack = setUpGatewayOAuthStack(prisma);
const REDIRECT_URI = "http://127.0.0.1:9/callback";
const { authorize, callEveryTool, gatewayStatus } = createGatewayOAuthSteps(stack, REDIRECT_URI);

/**
 * A member of two teams with a personal connector and one connector in each team (each an echo
 * server answering `<name>:<message>`), and a team they are not in.
 */
async function seedMemberOfTwoTeams() {
  const user = await seedUser(prisma);
  const [design, sales, finance] = await Promise.all([
    seedTeam(prisma, [{ userId: user.id, role: "MEMBER" }], "Design"),
    seedTeam(prisma, [{ userId: user.id, role: "MEMBER" }], "Sales"),
    seedTeam(prisma, [{ userId: (await seedUser(prisma)).id, role: "OWNER" }], "Finance"),
  ]);
  const { seedConnector } = stack();
  await Promise.all([
    seedConnector("Notes", { scope: "PERSONAL", ownerUserId: user.id }),
    seedConnector("Figma", { scope: "TEAM", teamId: design.id }),
    seedConnector("CRM", { scope: "TEAM", teamId: sales.id }),
    seedConnector("Ledger", { scope: "TEAM", teamId: finance.id }),
  ]);
  return { user, design, sales, finance };
}

/** Opens the authorization and posts an Allow with `fields`; returns the raw answer. */
async function allow(client: TestOAuthClient, userId: string, fields: Record<string, string>) {
  const browser = await stack().signedInBrowser(userId);
  expect(await auth(client, { serverUrl: stack().gatewayMcpUrl })).toBe("REDIRECT");
  const { interactionUrl, uid } = await browser.openAuthorization(client.authorizationUrl!);
  return browser.decide(interactionUrl, uid, { decision: "allow", ...fields });
}

describe("consent to a team's connectors", () => {
  it("gives a token exactly the team's connectors, and refuses a team the user is not in", async () => {
    const { user, design, finance } = await seedMemberOfTwoTeams();

    const outsider = new TestOAuthClient(REDIRECT_URI);
    const refused = await allow(outsider, user.id, { access: "team", teamId: finance.id });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: "access_denied" });
    expect(await prisma.oAuthConsent.count({ where: { userId: user.id } })).toBe(0);

    const client = new TestOAuthClient(REDIRECT_URI);
    await authorize(client, await stack().signedInBrowser(user.id), { access: "team", teamId: design.id });
    expect(await callEveryTool(client)).toEqual(["Figma:hi"]);
    expect(
      await prisma.oAuthConsent.findFirstOrThrow({ where: { userId: user.id }, select: { teamId: true } }),
    ).toEqual({ teamId: design.id });

    // Leaving the team takes its connectors away from the app on the next request.
    await prisma.membership.deleteMany({ where: { userId: user.id, teamId: design.id } });
    await expect.poll(() => callEveryTool(client), { timeout: 2_000 }).toEqual([]);
  });
});

describe("clients an admin pre-registers", () => {
  it("refuses people who are not instance admins and bad redirect URIs, each with a clear error", async () => {
    const member = await seedUser(prisma);
    const admin = await seedUser(prisma, { isInstanceAdmin: true });
    const input = { name: "Company Desktop", redirectUris: REDIRECT_URI };
    await expect(preRegisterClient(prisma, stack().provider, member, input)).rejects.toThrow(/Only instance admins/);
    for (const [redirectUris, message] of [
      ["http://example.com/callback", /https \(or http on a loopback address\)/],
      ["https://app.example.com/cb#x", /fragment/],
      ["not a url", /absolute URL/],
      ["", /at least one redirect URI/],
    ] as const) {
      const error = await preRegisterClient(prisma, stack().provider, admin, { ...input, redirectUris }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({
        code: "invalid_input",
        fieldErrors: { redirectUris: expect.stringMatching(message) },
      });
    }
    const unknownTeam = { ...input, teamId: "0b8c3a4e-5f61-4a2b-9c1d-2e3f4a5b6c7d" };
    await expect(preRegisterClient(prisma, stack().provider, admin, unknownTeam)).rejects.toMatchObject({
      fieldErrors: { teamId: "Unknown team." },
    });
    expect(await listPreRegisteredClients(prisma)).toEqual([]);
  });

  it("registers a confidential client limited to a team: it completes a code flow with its secret, reaches only that team, and is gone everywhere once deleted", async () => {
    const admin = await seedUser(prisma, { isInstanceAdmin: true });
    const { user, sales } = await seedMemberOfTwoTeams();
    const registered = await preRegisterClient(prisma, stack().provider, admin, {
      name: "Sales Desktop",
      redirectUris: `  ${REDIRECT_URI}  \n\n`,
      confidential: true,
      teamId: sales.id,
    });
    expect(registered.clientId).toMatch(/^sbc_[\w-]{22}$/);
    expect(registered.clientSecret).toMatch(/^[\w-]{43}$/);
    const [listed] = await listPreRegisteredClients(prisma);
    expect(listed).toMatchObject({
      clientId: registered.clientId,
      name: "Sales Desktop",
      redirectUris: [REDIRECT_URI],
      confidential: true,
      team: { name: "Sales" },
    });
    // The provider's registration holds the secret, encrypted.
    const rows = await prisma.oidcPayload.findMany({ where: { kind: "Client" } });
    expect(rows.some((row) => row.payloadCiphertext.includes(registered.clientSecret!))).toBe(false);

    const credentials = { client_id: registered.clientId, client_secret: registered.clientSecret! };
    // The admin's restriction holds whatever the user picks.
    const everything = await allow(new TestOAuthClient(REDIRECT_URI, undefined, credentials), user.id, {
      access: "all",
    });
    expect(everything.status).toBe(403);
    expect(await everything.json()).toMatchObject({ error_description: expect.stringMatching(/only the Sales team/) });

    const client = new TestOAuthClient(REDIRECT_URI, undefined, credentials);
    await authorize(client, await stack().signedInBrowser(user.id), { access: "team", teamId: sales.id });
    expect(await callEveryTool(client)).toEqual(["CRM:hi"]);
    // Without its secret the client cannot redeem anything.
    const withoutSecret = await fetch(`${stack().webUrl}/api/oidc/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: client.tokens()!.refresh_token!,
        client_id: registered.clientId,
      }),
    });
    expect(withoutSecret.status).toBe(401);
    expect(await withoutSecret.json()).toMatchObject({ error: "invalid_client" });

    await deletePreRegisteredClient(prisma, admin, registered.id);
    await expect.poll(() => gatewayStatus(client.tokens()!.access_token), { timeout: 2_000 }).toBe(401);
    expect(await prisma.oAuthConsent.count({ where: { clientId: registered.clientId } })).toBe(0);
    expect(await stack().provider.Client.find(registered.clientId)).toBeUndefined();
    expect(
      await prisma.auditEvent.findMany({
        where: { targetId: registered.id },
        select: { action: true, actorUserId: true },
        orderBy: { at: "asc" },
      }),
    ).toEqual([
      { action: "oauth_client.pre_registered", actorUserId: admin.id },
      { action: "oauth_client.deleted", actorUserId: admin.id },
    ]);
    await expect(deletePreRegisteredClient(prisma, admin, registered.id)).rejects.toThrow(/not registered/);
  });
});
