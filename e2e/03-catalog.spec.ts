import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/accessibility.ts";
import { createE2eUser } from "./support/database.ts";
import { signIn } from "./support/sign-in.ts";

const importText = JSON.stringify({
  mcpServers: {
    "acme-tickets": {
      command: "npx",
      args: ["-y", "@acme/tickets-mcp"],
      env: { TICKETS_URL: "https://tickets.acme.example" },
    },
  },
});

test("an admin imports an entry by paste; a member finds it and cannot manage the catalog", async ({ browser }) => {
  const admin = await createE2eUser({ name: "Catalog Admin", isInstanceAdmin: true });
  const member = await createE2eUser({ name: "Catalog Member" });

  const adminPage = await browser.newPage();
  await signIn(adminPage, admin.email, admin.password);
  await adminPage.goto("/admin/catalog");
  await adminPage.getByLabel(/Catalog JSON/).fill("{ not json");
  await adminPage.getByRole("button", { name: "Preview" }).click();
  await expect(adminPage.getByText(/line 1/)).toBeVisible();

  await adminPage.getByLabel(/Catalog JSON/).fill(importText);
  await adminPage.getByRole("button", { name: "Preview" }).click();
  const preview = adminPage.getByRole("region", { name: "Import preview" });
  await expect(preview.getByText("acme-tickets", { exact: true }).first()).toBeVisible();
  await expect(preview.getByText("new", { exact: true })).toBeVisible();
  await adminPage.getByRole("button", { name: "Save" }).click();
  await expect(adminPage.getByText("Saved 1 entry.")).toBeVisible();
  await adminPage.close();

  const page = await (await browser.newContext()).newPage();
  await signIn(page, member.email, member.password);
  await page.goto("/catalog");
  await page.getByLabel("Search connectors").fill("acme tickets");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("list", { name: "Connectors" }).getByRole("link")).toHaveCount(1);

  await page.getByLabel("Where it runs").selectOption("remote");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No connectors match")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Where it runs").selectOption("local");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByRole("list", { name: "Connectors" }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/acme-tickets/i);
  await expect(page).toHaveTitle(/^acme-tickets · Switchboard$/i);
  await expect(page.getByText("@acme/tickets-mcp")).toBeVisible();
  await expect(page.getByRole("link", { name: "Install" })).toBeVisible();

  // Members see no admin entry points and reach none of the admin pages.
  await expect(page.getByRole("link", { name: "Manage catalog" })).toHaveCount(0);
  const response = await page.goto("/admin/catalog");
  expect(response?.status()).toBe(404);
  // A 404 says so inside the app's frame, and an address nothing answers offers a way back too.
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  expect((await page.goto("/no-such-page"))?.status()).toBe(404);
  await page.getByRole("link", { name: "Go to the catalog" }).click();
  await expect(page).toHaveURL(/\/catalog$/);
  const api = await page.request.get("/api/v1/catalog?q=acme");
  expect(api.status()).toBe(200);
  expect((await api.json()).items.map((item: { id: string }) => item.id)).toContain("acme-tickets");
});

test("an imported host a setting fills is allowed only for the entries whose suggestion the admin ticks", async ({
  page,
}) => {
  const admin = await createE2eUser({ name: "Hosts Admin", isInstanceAdmin: true });
  await signIn(page, admin.email, admin.password);
  await page.goto("/admin/catalog");
  await page.getByLabel(/Catalog JSON/).fill(
    JSON.stringify({
      mcpServers: {
        "tenant-tickets": { url: "https://${TENANT}.tickets.example/mcp" },
        "tenant-wiki": { url: "https://${TENANT}.wiki.example/mcp" },
      },
    }),
  );
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Import preview" });
  const tickets = preview.getByRole("listitem").filter({ hasText: "tenant-tickets" });
  await tickets.getByRole("checkbox", { name: /allow \*\.tickets\.example/ }).check();
  await expect(
    preview.getByRole("listitem").filter({ hasText: "tenant-wiki" }).getByRole("checkbox"),
  ).not.toBeChecked();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved 2 entries.")).toBeVisible();

  const ticked = await page.request.get("/api/v1/catalog/tenant-tickets");
  expect((await ticked.json()).server.allowedHosts).toEqual(["*.tickets.example"]);
  const unticked = await page.request.get("/api/v1/catalog/tenant-wiki");
  expect((await unticked.json()).server).not.toHaveProperty("allowedHosts");
});

test("the REST API refuses anonymous requests and bad queries", async ({ request }) => {
  expect((await request.get("/api/v1/catalog")).status()).toBe(401);
});
