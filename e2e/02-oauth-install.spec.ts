import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { parseCatalogEntry } from "@switchboard/catalog";
import { startTestProvider, type TestProvider } from "@switchboard/oauth/testing";
import { toCatalogRow } from "@switchboard/web/testing";
import { removeConnectorContainers } from "./support/connectors.ts";
import { createE2eUser, e2ePrisma } from "./support/database.ts";
import { signIn } from "./support/sign-in.ts";

// Later tests use the provider client the first one saves and the connector the second makes.
test.describe.configure({ mode: "serial" });

const webOrigin = `http://127.0.0.1:${process.env.E2E_WEB_PORT ?? 3100}`;
const redirectUri = `${webOrigin}/api/oauth/callback`;
const slug = `e2e-oauth-${randomUUID().slice(0, 8)}`;
const entryName = `E2E OAuth ${slug.slice(-8)}`;

let provider: TestProvider;
let member: { email: string; password: string };

test.beforeAll(async () => {
  provider = await startTestProvider({ redirectUris: [redirectUri] });
  const entry = parseCatalogEntry({
    schemaVersion: 1,
    id: slug,
    source: "custom",
    name: entryName,
    server: { type: "local", runtime: "node", command: "npx", args: ["-y", "some-mcp-server"] },
    auth: {
      kind: "mcp_oauth",
      issuer: provider.issuer,
      scopes: ["mcp:read", "mcp:write"],
      defaultScopes: ["mcp:read"],
      delivery: [{ kind: "env", accessTokenEnvVar: "ACCESS_TOKEN" }],
    },
  });
  await e2ePrisma.catalogEntry.create({ data: toCatalogRow(entry) });
  member = await createE2eUser({ name: "Olive OAuth" });
});

test.afterAll(async () => {
  await provider?.close();
  // The runner started a container for the authorized connector; leave nothing behind.
  const connectors = await e2ePrisma.connector.findMany({ where: { catalogEntry: { slug } } });
  await e2ePrisma.connector.deleteMany({ where: { catalogEntry: { slug } } });
  for (const { id } of connectors) await removeConnectorContainers(id);
});

async function installAndReachProvider(page: Page) {
  await page.goto(`/catalog/${slug}`);
  await page.getByRole("link", { name: "Install" }).click();
  await expect(page.getByRole("heading", { name: `Install ${entryName}` })).toBeVisible();
  await page.getByRole("button", { name: "Install and sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
}

test("an admin saves the provider's client credentials; the secret is write-only", async ({ page }) => {
  const admin = await createE2eUser({ name: "Paula Providers", isInstanceAdmin: true });
  await signIn(page, admin.email, admin.password);
  // Until then the install page says so up front, instead of failing once the form is sent.
  await page.goto(`/catalog/${slug}/install`);
  await expect(page.getByRole("heading", { name: `${entryName} is not set up yet` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Install and sign in" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Set up the OAuth client" })).toHaveAttribute(
    "href",
    `/admin/providers/${encodeURIComponent(`entry:${slug}`)}`,
  );
  await page.goto("/admin");
  await page.getByRole("link", { name: "OAuth providers" }).click();
  await expect(page.getByLabel("Redirect URI")).toHaveValue(redirectUri);
  await page.getByRole("link", { name: entryName }).click();

  const client = provider.clients.basic;
  await page.getByLabel("Client ID").fill(client.clientId);
  await page.getByLabel("Client secret").fill(client.clientSecret ?? "");
  await page.getByLabel("Token endpoint authentication").selectOption("client_secret_basic");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  await page.reload();
  await expect(page.getByText("Secret: set.")).toBeVisible();
  await expect(page.getByLabel("Replace secret")).toHaveValue("");
  expect(await page.content()).not.toContain(client.clientSecret);
});

test("a member installs the connector, consents at the provider and comes back authorized", async ({ page }) => {
  await signIn(page, member.email, member.password);
  await installAndReachProvider(page);
  await page.getByRole("button", { name: "Approve" }).click(); // log in at the provider
  await page.getByRole("button", { name: "Approve" }).click(); // consent
  await expect(page).toHaveURL(new RegExp(`^${webOrigin}/connectors/[0-9a-f-]{36}$`));

  await page.goto("/connectors");
  const row = page
    .getByRole("list", { name: "Installed connectors" })
    .getByRole("listitem")
    .filter({ hasText: entryName });
  await expect(row).toHaveCount(1);
  // Authorized means queued to start; the e2e runner may already have moved it on (its npx server
  // never comes up here, so it may even have failed), but it never waits for authorization again.
  await expect(
    row.getByText(/^(Queued|Preparing image|Starting|Checking|Running|Unhealthy|Crash looping|Error)$/),
  ).toBeVisible();
  await expect(row.getByText("Awaiting authorization")).toHaveCount(0);
});

test("another member cannot see or re-authorize it", async ({ page }) => {
  const connector = await e2ePrisma.connector.findFirstOrThrow({ where: { catalogEntry: { slug } } });
  const other = await createE2eUser({ name: "Nosy Neighbour" });
  await signIn(page, other.email, other.password);
  await page.goto("/connectors");
  await expect(page.getByText(entryName)).toHaveCount(0);
  await page.goto(`/catalog/${slug}/install/error?reason=access_denied&connector=${connector.id}`);
  // Only a fresh install is offered: the other member's connector stays out of reach.
  await expect(page.getByRole("link", { name: "Try again" })).toHaveAttribute("href", `/catalog/${slug}/install`);
});

test("denying consent lands on the error page with a way to try again", async ({ page }) => {
  await signIn(page, member.email, member.password);
  await installAndReachProvider(page);
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page).toHaveURL(new RegExp(`/catalog/${slug}/install/error\\?reason=access_denied`));
  await expect(page.getByRole("heading", { name: "The connector was not authorized" })).toBeVisible();
  await expect(page.getByText(/declined the access request/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();

  await page.goto("/connectors");
  const banner = page.getByRole("region", { name: "Needs re-authorization" });
  await expect(banner.getByText(entryName)).toBeVisible();
  await expect(banner.getByRole("button", { name: "Authorize" })).toBeVisible();
});
