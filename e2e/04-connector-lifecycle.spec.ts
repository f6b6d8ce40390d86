import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/accessibility.ts";
import { connectorContainers, removeConnectorContainers, seedEverythingEntry } from "./support/connectors.ts";
import { createE2eUser, e2ePrisma } from "./support/database.ts";
import { signIn } from "./support/sign-in.ts";
import { snapshot } from "./support/snapshot.ts";

// server-everything (pinned in build-test-image.ts) registers 13 tools on stdio and says this on stderr.
const EVERYTHING_TOOL_COUNT = 13;
const EVERYTHING_STARTUP_LINE = "Starting default (STDIO) server";
// The real runner starts a real container; the first start on a cold machine takes a while.
const STARTS_WITHIN = { timeout: 60_000 };

let connector: { slug: string; name: string };
const connectorIds: string[] = [];

test.beforeAll(async () => {
  connector = await seedEverythingEntry();
});

test.afterAll(async () => {
  // Only does something when the journey failed before its uninstall.
  for (const id of connectorIds) await removeConnectorContainers(id);
});

test("a member installs a no-auth connector, watches it start, stops and starts it, then uninstalls it", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const member = await createE2eUser({ name: "Connector Member" });
  // The member installs it for their team, whose page then lists it for everyone in it.
  const team = await e2ePrisma.team.create({
    data: {
      name: "Lifecycle",
      slug: `lifecycle-${randomUUID().slice(0, 8)}`,
      memberships: { create: { user: { connect: { email: member.email } }, role: "OWNER" } },
    },
  });
  await signIn(page, member.email, member.password);

  await page.goto("/catalog");
  await page.getByLabel("Search connectors").fill(connector.name);
  await page.getByRole("button", { name: "Filter" }).click();
  const result = page.getByRole("list", { name: "Connectors" }).getByRole("link").filter({ hasText: connector.name });
  await expect(result).toHaveCount(1);
  await result.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(connector.name);
  await page.getByRole("link", { name: "Install", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Install ${connector.name}`);
  await page.getByLabel("Install for").selectOption({ label: "Team Lifecycle (shared credentials)" });
  await snapshot(page, testInfo, "01-install-form");
  await page.getByRole("button", { name: "Install", exact: true }).click();

  await page.waitForURL(/\/connectors\/[0-9a-f-]{36}$/);
  const connectorId = new URL(page.url()).pathname.split("/").pop() ?? "";
  connectorIds.push(connectorId);
  const status = page.getByRole("status", { name: "Connector status" });
  const steps = page.getByRole("list", { name: "Progress" }).getByRole("listitem");
  await expect(steps).toHaveText(["Queued", "Preparing image", "Starting", "Checking", "Running"]);
  await expect(page.getByRole("list", { name: "Progress" }).locator("[aria-current=step]")).toHaveCount(1);
  await snapshot(page, testInfo, "02-progress");

  await expect(status).toHaveText("Running", STARTS_WITHIN);
  await expect(steps.last()).toHaveAttribute("aria-current", "step");
  const tools = page.getByRole("list", { name: "Tools" });
  await expect(tools.getByRole("listitem")).toHaveCount(EVERYTHING_TOOL_COUNT);
  await expect(tools.getByText("echo", { exact: true })).toBeVisible();
  await expect(page.getByRole("log", { name: "Logs" })).toContainText(EVERYTHING_STARTUP_LINE);
  // Opening a running connector replays its logs into the log box without scrolling the page away
  // from the status and tools.
  await page.reload();
  await expect(page.getByRole("log", { name: "Logs" })).toContainText(EVERYTHING_STARTUP_LINE);
  expect(await page.evaluate("window.scrollY")).toBe(0);
  // A long log scrolls with the keyboard too: the box takes focus.
  await page.getByRole("log", { name: "Logs" }).focus();
  await expect(page.getByRole("log", { name: "Logs" })).toBeFocused();
  expect(await connectorContainers(connectorId)).toHaveLength(1);
  await expect(page).toHaveTitle(`${connector.name} · Switchboard`);
  await snapshot(page, testInfo, "03-running");
  await page.goto(`/teams/${team.slug}`);
  const shared = page.getByRole("list", { name: "Team connectors" }).getByRole("listitem");
  await expect(shared).toHaveCount(1);
  await expect(shared).toContainText("Running");
  await shared.getByRole("link", { name: connector.name }).click();
  await expect(page.getByText("Shared with team Lifecycle")).toBeVisible();

  await page.getByRole("button", { name: "Stop" }).click();
  await expect(status).toHaveText("Stopped", STARTS_WITHIN);
  await expect(page.getByRole("list", { name: "Progress" })).toHaveCount(0);
  await snapshot(page, testInfo, "04-stopped");

  // An admin changes what the entry runs: the connector keeps its revision until the member accepts the diff.
  const stored = await e2ePrisma.catalogEntry.findUniqueOrThrow({ where: { slug: connector.slug } });
  const edited = structuredClone(stored.entry) as { server: { env?: Record<string, string> } };
  edited.server.env = { ...edited.server.env, E2E_REVISION: "2" };
  await e2ePrisma.catalogEntry.update({ where: { slug: connector.slug }, data: { entry: edited } });
  await page.reload();
  const changes = page.getByRole("table", { name: "Changed fields" });
  await expect(changes.getByRole("row").filter({ hasText: "server.env.E2E_REVISION" })).toContainText('"2"');
  await snapshot(page, testInfo, "04b-update-available");
  await page.getByRole("button", { name: "Accept update" }).click();
  await expect(page.getByRole("heading", { name: "Update available" })).toHaveCount(0);
  const accepted = await e2ePrisma.connector.findUniqueOrThrow({ where: { id: connectorId } });
  expect(accepted.catalogRevision).toBe(stored.revision + 1);

  // Its settings change in place (no uninstall): saved while stopped, used at the next start.
  await expect(page.getByLabel("Greeting")).toHaveValue("hello");
  await page.getByLabel("Greeting").fill("bonjour");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved (1 changed)")).toBeVisible();
  await expect(status).toHaveText("Stopped");

  await page.getByRole("button", { name: "Start" }).click();
  await expect(status).toHaveText("Running", STARTS_WITHIN);
  await expect(tools.getByText("echo", { exact: true })).toBeVisible();
  await snapshot(page, testInfo, "05-started-again");
  const [containerId] = await connectorContainers(connectorId);
  const env = execFileSync("docker", ["inspect", "--format", "{{json .Config.Env}}", containerId ?? ""], {
    encoding: "utf8",
  });
  expect(JSON.parse(env)).toEqual(expect.arrayContaining(["E2E_REVISION=2", "GREETING=bonjour"]));

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Uninstall" }).click();
  await page.waitForURL(/\/connectors$/);
  await expect(page.getByText("No connectors yet")).toBeVisible();
  await expect(page.getByRole("link", { name: "Browse the catalog" })).toHaveCount(1);
  await expectNoAxeViolations(page);
  await snapshot(page, testInfo, "06-uninstalled");
  expect(await e2ePrisma.connector.findUnique({ where: { id: connectorId } })).toBeNull();
  await expect.poll(() => connectorContainers(connectorId), { timeout: 30_000 }).toEqual([]);
});
