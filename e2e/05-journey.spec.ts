import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { startTestProvider, type TestProvider } from "@switchboard/oauth/testing";
import { removeConnectorContainers, tokenProbeImage } from "./support/connectors.ts";
import { createE2eUser, e2ePrisma } from "./support/database.ts";
import { callForText, connectToGateway, findGatewayTools } from "./support/gateway-client.ts";
import { recordIssuedTokens } from "./support/issued-tokens.ts";
import { snapshot } from "./support/snapshot.ts";
import { SSO_ALLOWED_DOMAIN, signInWithSso } from "./support/sso.ts";
import { FINGERPRINT_TOOL, TOKEN_FILE } from "./support/token-probe/probe-contract.ts";

// The release journey over the whole stack scripts/e2e-server.sh starts (web, runner, gateway,
// company SSO) plus a connector OAuth provider this spec runs and controls.

const webPort = Number(process.env.E2E_WEB_PORT ?? 3100);
const webOrigin = `http://127.0.0.1:${webPort}`;
const gatewayUrl = `http://127.0.0.1:${webPort + 200}/mcp`;
// Short-lived access tokens, so the runner refreshes them (at 80 % of the lifetime) during the journey.
const ACCESS_TOKEN_TTL_SECONDS = 20;
// The runner schedules a new credential's first refresh on its next reconcile tick (every 30 s).
const REFRESH_WITHIN = { timeout: 75_000 };
const STARTS_WITHIN = { timeout: 60_000 };

const suffix = randomUUID().slice(0, 8);
const slug = `token-probe-${suffix}`;
const entryName = `Token Probe ${suffix}`;

let provider: TestProvider;
let issuedTokens: ReturnType<typeof recordIssuedTokens>;
let gatewaySession: Client | undefined;

test.beforeAll(async () => {
  provider = await startTestProvider({
    redirectUris: [`${webOrigin}/api/oauth/callback`],
    accessTokenTtl: ACCESS_TOKEN_TTL_SECONDS,
  });
  issuedTokens = recordIssuedTokens(provider.provider);
});

test.afterAll(async () => {
  await gatewaySession?.close();
  await provider?.close();
  const connectors = await e2ePrisma.connector.findMany({ where: { catalogEntry: { slug } } });
  await e2ePrisma.connector.deleteMany({ where: { catalogEntry: { slug } } });
  for (const { id } of connectors) await removeConnectorContainers(id);
});

/** The catalog entry the admin imports: the token probe, given its access token in a file. */
function tokenProbeEntry() {
  return {
    schemaVersion: 1,
    id: slug,
    source: "custom",
    name: entryName,
    description: "Reports the fingerprint of the OAuth access token Switchboard injected.",
    tags: ["e2e"],
    server: { type: "local", runtime: "image", image: tokenProbeImage() },
    auth: {
      kind: "mcp_oauth",
      issuer: provider.issuer,
      scopes: ["mcp:read"],
      defaultScopes: ["mcp:read"],
      delivery: [{ kind: "file", files: { [TOKEN_FILE]: "${access_token}" } }],
    },
  };
}

async function newPage(browser: Browser): Promise<Page> {
  // One context per person, so the admin's and the member's sessions (here and at the providers) stay apart.
  return (await browser.newContext()).newPage();
}

async function expectAtProvider(page: Page): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
}

/** Approves every screen of the connector's provider: login (unless its session is alive) and consent. */
async function approveAtProvider(page: Page): Promise<void> {
  await expectAtProvider(page);
  for (let screen = 0; screen < 3 && page.url().startsWith(provider.issuer); screen++) {
    const current = page.url();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL((url) => url.href !== current);
  }
  await expect(page).toHaveURL(new RegExp(`^${webOrigin}/`));
}

async function credentialOf(connectorId: string) {
  return e2ePrisma.oAuthCredential.findUniqueOrThrow({ where: { connectorId } });
}

test("release journey: SSO admin sets up a connector, a member uses it through the gateway across refresh and revocation", async ({
  browser,
}, testInfo) => {
  test.setTimeout(240_000);

  // 1. The admin signs in by SSO. Only an empty instance makes its first user admin, and earlier
  // specs already made one, so the admin account is provisioned beforehand (as 02/03 do) and its
  // first SSO sign-in links to it by the verified e-mail the provider sends.
  const admin = await createE2eUser({ name: "Journey Admin", isInstanceAdmin: true });
  const adminPage = await newPage(browser);
  await signInWithSso(adminPage, admin.email);
  await expect(adminPage.getByRole("link", { name: "Admin", exact: true })).toBeVisible();
  await snapshot(adminPage, testInfo, "01-admin-signed-in-by-sso");

  // 2. The admin imports the catalog entry and sets the provider's client credentials.
  await adminPage.goto("/admin/catalog");
  await adminPage.getByLabel(/Catalog JSON/).fill(JSON.stringify(tokenProbeEntry(), null, 2));
  await adminPage.getByRole("button", { name: "Preview" }).click();
  await expect(
    adminPage.getByRole("region", { name: "Import preview" }).getByText(slug, { exact: true }).first(),
  ).toBeVisible();
  await adminPage.getByRole("button", { name: "Save" }).click();
  await expect(adminPage.getByText("Saved 1 entry.")).toBeVisible();
  await snapshot(adminPage, testInfo, "02-admin-imported-entry");

  await adminPage.goto("/admin/providers");
  await adminPage.getByRole("link", { name: entryName }).click();
  const client = provider.clients.basic;
  await adminPage.getByLabel("Client ID").fill(client.clientId);
  await adminPage.getByLabel("Client secret").fill(client.clientSecret ?? "");
  await adminPage.getByLabel("Token endpoint authentication").selectOption("client_secret_basic");
  await adminPage.getByRole("button", { name: "Save" }).click();
  await expect(adminPage.getByText("Saved.")).toBeVisible();
  await snapshot(adminPage, testInfo, "03-admin-set-provider-client");

  // 3. A member joins by SSO (allowlisted domain, no invitation), installs it, consents at the
  // provider, watches it start and sees its tools.
  const page = await newPage(browser);
  await signInWithSso(page, `journey-member-${suffix}@${SSO_ALLOWED_DOMAIN}`);
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
  await page.getByLabel("Search connectors").fill(entryName);
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByRole("list", { name: "Connectors" }).getByRole("link").filter({ hasText: entryName }).click();
  await page.getByRole("link", { name: "Install", exact: true }).click();
  await page.getByRole("button", { name: "Install and sign in" }).click();
  await expectAtProvider(page);
  await snapshot(page, testInfo, "04-member-at-provider");
  await approveAtProvider(page);

  await expect(page).toHaveURL(new RegExp(`^${webOrigin}/connectors/[0-9a-f-]{36}$`));
  const connectorId = new URL(page.url()).pathname.split("/").pop() ?? "";
  const status = page.getByRole("status", { name: "Connector status" });
  await expect(page.getByRole("list", { name: "Progress" }).getByRole("listitem")).toHaveText([
    "Queued",
    "Preparing image",
    "Starting",
    "Checking",
    "Running",
  ]);
  await snapshot(page, testInfo, "05-member-watches-it-start");
  await expect(status).toHaveText("Running", STARTS_WITHIN);
  await expect(page.getByRole("list", { name: "Tools" }).getByText(FINGERPRINT_TOOL, { exact: true })).toBeVisible();
  await snapshot(page, testInfo, "06-member-sees-tools");

  // 4. The member creates a gateway token; an MCP client calls the tool through the gateway, and
  // the token the server read is one the provider issued on the member's grant.
  await page.getByRole("link", { name: "Gateway" }).click();
  await expect(page.getByText(gatewayUrl, { exact: true })).toBeVisible();
  await page.getByLabel("Token name").fill("Journey client");
  await page.getByRole("button", { name: "Create token" }).click();
  const gatewayToken = await page.getByTestId("gateway-token").inputValue();
  expect(gatewayToken).not.toBe("");
  // The client tabs follow the keyboard as tabs do: arrows move and select, End goes to the last.
  const clientTabs = page.getByRole("tablist", { name: "Client configuration" }).getByRole("tab");
  await clientTabs.first().focus();
  await page.keyboard.press("ArrowRight");
  await expect(clientTabs.nth(1)).toBeFocused();
  await expect(clientTabs.nth(1)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("End");
  await expect(clientTabs.last()).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowRight");
  await expect(clientTabs.first()).toBeFocused();
  await snapshot(page, testInfo, "07-member-created-gateway-token");

  const mcp = await connectToGateway(gatewayUrl, gatewayToken);
  gatewaySession = mcp;
  const [tool] = await findGatewayTools(mcp, FINGERPRINT_TOOL);
  expect(tool).toBeDefined();
  const toolName = tool ?? "";
  const firstFingerprint = await callForText(mcp, toolName);
  const firstToken = issuedTokens.byFingerprint(firstFingerprint);
  expect(firstToken, "the server used an access token the provider issued").toBeDefined();
  const firstGrant = firstToken?.grantId ?? "";

  // 5. The runner refreshes the token in the background and rewrites the server's token file; the
  // member keeps working: the next call through the same gateway session uses the new token.
  let refreshedFingerprint = firstFingerprint;
  await expect
    .poll(async () => (refreshedFingerprint = await callForText(mcp, toolName)), REFRESH_WITHIN)
    .not.toBe(firstFingerprint);
  expect(issuedTokens.byFingerprint(refreshedFingerprint), "a refreshed token of the same grant").toEqual({
    grantId: firstGrant,
    refreshed: true,
  });
  // The authorization stored version 0; every refresh stores the next one.
  const refreshed = await credentialOf(connectorId);
  expect(refreshed.version).toBeGreaterThan(0);
  expect(refreshed.lastRefreshedAt).not.toBeNull();
  await page.goto(`/connectors/${connectorId}`);
  await expect(status).toHaveText("Running");
  await snapshot(page, testInfo, "08-member-keeps-working-after-refresh");

  // The connector's own address, as its page shows it: the same token reaches this connector
  // alone, its tool under the name its server gave it.
  const ownUrl = await page.getByTestId("connector-endpoint").inputValue();
  expect(ownUrl).toBe(`${gatewayUrl}/token_probe_${suffix}`);
  const own = await connectToGateway(ownUrl, gatewayToken);
  try {
    expect((await own.listTools()).tools.map((listed) => listed.name)).toEqual([FINGERPRINT_TOOL]);
    expect(issuedTokens.byFingerprint(await callForText(own, FINGERPRINT_TOOL))).toBeDefined();
  } finally {
    await own.close();
  }

  // The gateway's usage records (written about once a second) reach the connector page and the
  // admin's usage page: the calls so far, under the tool's upstream name.
  const toolUsage = page.getByRole("table", { name: "Calls per tool" }).getByRole("row").filter({ hasText: FINGERPRINT_TOOL }); // prettier-ignore
  await expect(async () => {
    await page.reload();
    await expect(toolUsage).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await adminPage.goto("/admin/usage");
  await expect(
    adminPage.getByRole("table", { name: "Usage per connector" }).getByRole("row").filter({ hasText: entryName }),
  ).toHaveCount(1);
  await snapshot(adminPage, testInfo, "08b-admin-sees-usage");

  await adminPage.goto("/admin/credentials");
  const healthyRow = adminPage.getByRole("table", { name: "Healthy" }).getByRole("row").filter({ hasText: entryName });
  await expect(healthyRow).toHaveCount(1);
  await expect(healthyRow.getByRole("cell").nth(3)).toHaveText(/UTC$/); // the last refresh
  await snapshot(adminPage, testInfo, "09-admin-sees-refresh");

  // 6. The grant is revoked at the provider; the next refresh gets invalid_grant, the member sees
  // that the connector needs re-authorization and fixes it with one click and a consent.
  await provider.revokeGrant(issuedTokens.refreshTokenOf(firstGrant) ?? "");
  await expect(status).toHaveText("Needs re-authorization", REFRESH_WITHIN);
  await expect(page.getByText("The provider no longer accepts this authorization")).toBeVisible();
  await expect.poll(() => findGatewayTools(mcp, FINGERPRINT_TOOL)).toEqual([]);
  await snapshot(page, testInfo, "10-member-sees-needs-reauthorization");
  expect(
    await e2ePrisma.auditEvent.count({ where: { action: "credential.needs_reauth", targetId: connectorId } }),
  ).toBe(1);

  await adminPage.reload();
  await expect(
    adminPage.getByRole("table", { name: "Needs re-authorization" }).getByRole("row").filter({ hasText: entryName }),
  ).toHaveCount(1);
  await snapshot(adminPage, testInfo, "11-admin-sees-needs-reauthorization");

  await page.goto("/connectors");
  await expect(page.getByRole("region", { name: "Needs re-authorization" }).getByText(entryName)).toBeVisible();
  await page.getByRole("link", { name: entryName }).click();
  await page.getByRole("button", { name: "Re-authorize" }).click();
  await expectAtProvider(page);
  await snapshot(page, testInfo, "12-member-consents-again");
  await approveAtProvider(page);
  await expect(page).toHaveURL(`${webOrigin}/connectors/${connectorId}`);
  await expect(status).toHaveText("Running", STARTS_WITHIN);
  await snapshot(page, testInfo, "13-member-running-again");

  // The same gateway session sees the tool again, and the server now uses the new grant's token.
  await expect.poll(() => findGatewayTools(mcp, FINGERPRINT_TOOL), STARTS_WITHIN).toEqual([toolName]);
  const reauthorizedToken = issuedTokens.byFingerprint(await callForText(mcp, toolName));
  expect(reauthorizedToken?.grantId).toBeDefined();
  expect(reauthorizedToken?.grantId).not.toBe(firstGrant);
  expect((await credentialOf(connectorId)).status).toBe("ACTIVE");
});
