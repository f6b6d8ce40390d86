import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { probeGateway } from "@switchboard/gateway/testing";
import { InMemoryOAuthClient } from "@switchboard/oauth/testing";
import { e2ePrisma } from "./support/database.ts";
import { serveClientMetadataDocument, type MetadataDocumentServer } from "./support/metadata-document-server.ts";
import { seedRemoteConnector, startRemoteEchoServers } from "./support/remote-echo-servers.ts";
import { signInWithSso } from "./support/sso.ts";

// Gateway sign-in as an MCP client does it, knowing only the gateway URL: the SDK's `auth()` in this
// process, the member's sign-in (company SSO) and consent in the browser, then the gateway with the
// token, until the member revokes the app; and a second authorization the member denies.

const webPort = Number(process.env.E2E_WEB_PORT ?? 3100);
const webOrigin = `http://127.0.0.1:${webPort}`;
const gatewayUrl = `http://127.0.0.1:${webPort + 200}/mcp`;
// The client's own redirect: the browser never reaches it, the spec catches it (page.route).
const REDIRECT_URI = "https://agent.example.com/oauth/callback";
const CLIENT_NAME = "Acme Agent";

let metadataDocument: MetadataDocumentServer;
let echoServers: Awaited<ReturnType<typeof startRemoteEchoServers>>;

test.beforeAll(async () => {
  echoServers = await startRemoteEchoServers();
  metadataDocument = await serveClientMetadataDocument(() => ({
    client_name: CLIENT_NAME,
    redirect_uris: [REDIRECT_URI],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
  }));
});

test.afterAll(async () => {
  await metadataDocument?.close();
  await echoServers?.close();
});

/** Starts an authorization as an MCP client does: from the gateway URL alone, up to the redirect. */
async function startAuthorization(): Promise<InMemoryOAuthClient> {
  const client = new InMemoryOAuthClient(REDIRECT_URI, metadataDocument.clientId);
  expect(await auth(client, { serverUrl: gatewayUrl })).toBe("REDIRECT");
  return client;
}

/** Runs `act` and returns the query the browser was sent back to the client's redirect URI with. */
async function caughtRedirect(page: Page, act: () => Promise<void>): Promise<URLSearchParams> {
  const redirected = new Promise<URL>((resolve) => {
    void page.route(`${REDIRECT_URI}**`, async (route) => {
      resolve(new URL(route.request().url()));
      await route.fulfill({ status: 200, contentType: "text/plain", body: "Back in the app." });
    });
  });
  await act();
  const url = await redirected;
  await page.unroute(`${REDIRECT_URI}**`);
  return url.searchParams;
}

const gatewayStatus = (accessToken: string) => probeGateway(gatewayUrl, accessToken);

test("an MCP client signs in to the gateway: SSO, consent to a profile, tool call, revoke, deny", async ({ page }) => {
  // Under a loaded CI machine's worst case; about a third of that on a quiet one.
  test.setTimeout(120_000);
  // A member with two connectors (remote echo servers, so no container has to start). No password:
  // the member's first SSO sign-in links to the account by its verified e-mail.
  const member = await e2ePrisma.user.create({
    data: { email: `sign-in-${randomUUID().slice(0, 8)}@example.com`, name: "Sign-in Member" },
  });
  await seedRemoteConnector(member.id, "Notes", echoServers.url("Notes"));
  await seedRemoteConnector(member.id, "Wiki", echoServers.url("Wiki"));

  // 1. The client discovers Switchboard from the gateway and sends the member to authorize.
  const client = await startAuthorization();
  await page.goto(client.authorizationUrl!.href);

  // 2. Not signed in: the company SSO, then back to the consent page.
  await expect(page).toHaveURL(/\/sign-in\?/);
  await page.getByRole("button", { name: "Continue with Company SSO" }).click();
  await page.getByLabel("Work e-mail").fill(member.email);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/oauth\/consent\//);

  // 3. The consent page names the client and the host its metadata document came from.
  const verifiedHost = new URL(metadataDocument.clientId).host;
  await expect(page.getByRole("heading", { name: CLIENT_NAME })).toBeVisible();
  await expect(page.getByText(`Verified: its details come from ${verifiedHost}`)).toBeVisible();
  await page.getByLabel("Only these connectors:").check();
  await page.getByRole("list", { name: "Connectors" }).getByLabel("Wiki").check();
  const allowed = await caughtRedirect(page, () => page.getByRole("button", { name: "Allow" }).click());
  expect(allowed.get("iss")).toBe(webOrigin);
  expect(await auth(client, { serverUrl: gatewayUrl, authorizationCode: allowed.get("code")! })).toBe("AUTHORIZED");

  // 4. The token reaches the profile's connector through the gateway, and nothing else.
  const mcp = new Client({ name: "e2e-sign-in", version: "1.0.0" });
  await mcp.connect(new StreamableHTTPClientTransport(new URL(gatewayUrl), { authProvider: client }));
  const { tools } = await mcp.listTools();
  expect(tools.map((tool) => tool.name)).toEqual([expect.stringMatching(/__echo$/)]);
  const result = await mcp.callTool({ name: tools[0]!.name, arguments: { message: "hi" } });
  expect(result.content).toEqual([{ type: "text", text: "Wiki:hi" }]);
  await mcp.close();

  // 5. The member revokes the app on "Connected apps"; its next call is refused.
  const accessToken = client.tokens()!.access_token;
  expect(await gatewayStatus(accessToken)).toBe(200);
  await page.goto("/gateway");
  const app = page.getByRole("list", { name: "Connected apps" }).getByRole("listitem").filter({ hasText: CLIENT_NAME });
  await expect(app).toContainText(`Profile: Wiki`);
  await app.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("list", { name: "Connected apps" })).toHaveCount(0);
  await expect.poll(() => gatewayStatus(accessToken), { timeout: 5_000 }).toBe(401);

  // 6. A second authorization, denied: the client gets access_denied, with the issuer (RFC 9207).
  const second = await startAuthorization();
  await page.goto(second.authorizationUrl!.href);
  await expect(page.getByRole("heading", { name: CLIENT_NAME })).toBeVisible();
  const denied = await caughtRedirect(page, () => page.getByRole("button", { name: "Deny" }).click());
  expect(denied.get("error")).toBe("access_denied");
  expect(denied.get("iss")).toBe(webOrigin);
  expect(denied.get("state")).toBe(second.authorizationUrl!.searchParams.get("state"));
  expect(denied.has("code")).toBe(false);
});

test("an admin registers a confidential client, sees its id and secret once, and deletes it", async ({ page }) => {
  const admin = await e2ePrisma.user.create({
    data: { email: `clients-admin-${randomUUID().slice(0, 8)}@example.com`, isInstanceAdmin: true },
  });
  await signInWithSso(page, admin.email);
  await page.goto("/admin/connected-apps");
  await page.getByRole("link", { name: "Registered clients" }).click();

  await page.getByLabel("App name").fill("Company Agent");
  await page.getByLabel("Redirect URIs").fill("http://example.com/callback");
  await page.getByRole("button", { name: "Register client" }).click();
  await expect(page.getByText("Redirect URIs must be https (or http on a loopback address).")).toBeVisible();

  await page.getByLabel("Redirect URIs").fill(REDIRECT_URI);
  await page.getByLabel("Confidential").check();
  await page.getByRole("button", { name: "Register client" }).click();
  const clientId = await page.getByTestId("client-id").inputValue();
  expect(clientId).toMatch(/^sbc_/);
  await expect(page.getByTestId("client-secret")).toHaveValue(/^[\w-]{43}$/);
  const listed = page.getByRole("list", { name: "Registered clients" }).getByRole("listitem");
  await expect(listed.filter({ hasText: clientId })).toContainText("Company Agent");
  await expect(listed.filter({ hasText: clientId })).toContainText("confidential");
  // The secret is shown once: after a reload only the id is on the page.
  await page.reload();
  await expect(page.getByTestId("client-secret")).toHaveCount(0);

  await listed.filter({ hasText: clientId }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("No clients registered yet.")).toBeVisible();
});
