import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/accessibility.ts";

// The second test signs in as the admin the first one created.
test.describe.configure({ mode: "serial" });

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };
const member = { name: "Max Member", email: "max@example.com", password: "another long password" };

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

test("first admin signs up, creates a team and invites a member who joins it", async ({ page }) => {
  // An empty instance sends the first visitor to set-up, which makes them the admin.
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-up/);
  await expect(page.getByRole("heading", { name: "Set up Switchboard" })).toBeVisible();
  await page.getByLabel("Name").fill(admin.name);
  await page.getByLabel("E-mail").fill(admin.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page).toHaveURL(/\/catalog/);
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toBeVisible();

  await signOut(page);

  // Bad sign-in inputs get clear errors.
  await signIn(page, admin.email, "wrong password!!");
  await expect(page.getByText("Invalid e-mail or password.")).toBeVisible();
  await signIn(page, admin.email, admin.password);
  await expect(page).toHaveURL(/\/catalog/);
  await expect(page.getByTestId("current-user")).toHaveText(admin.name);
  // The first Tab stop on a page skips the navigation.
  await page.reload();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();

  // On a phone the sidebar gives way to a header with the same places, Admin and sign-out, and the
  // catalog fits the screen: no sideways scrolling.
  const desktop = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 800 });
  const mobileNav = page.getByRole("navigation", { name: "Mobile" });
  await expect(mobileNav.getByRole("link", { name: "Admin" })).toBeVisible();
  await expect(mobileNav.getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
  await mobileNav.getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("table", { name: "Users" })).toBeVisible();
  expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
  if (desktop) await page.setViewportSize(desktop);

  await page.getByRole("link", { name: "Teams" }).click();
  await page.getByLabel("Team name").fill("Platform");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByRole("heading", { name: "Platform" })).toBeVisible();
  await expect(page).toHaveTitle("Platform · Switchboard");

  await page.getByLabel("E-mail").fill(member.email);
  await page.getByRole("button", { name: "Invite" }).click();
  const link = await page.getByTestId("invitation-link").inputValue();
  expect(link).toMatch(/\/invite\/sbi_/);
  await expect(page.getByRole("list", { name: "Pending invitations" }).getByText(member.email)).toBeVisible();
  // The admin finds both changes in the audit log, and only them under a filter.
  await page.getByRole("link", { name: "Admin", exact: true }).click();
  await page.getByRole("link", { name: "Audit log" }).click();
  const events = page.getByRole("table", { name: "Audit events" }).getByRole("row");
  await expect(events.filter({ hasText: "invitation.created" })).toContainText("Ada Admin");
  await expect(events.filter({ hasText: "team.created" })).toContainText("team Platform");
  await page.getByLabel("Action starts with").fill("team.");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(events).toHaveCount(2); // the heading row and team.created
  await expectNoAxeViolations(page);

  await signOut(page);

  // Sign-up without an invitation is refused once the instance has an admin.
  await page.goto("/sign-up");
  await expect(page.getByRole("heading", { name: "Invitation required" })).toBeVisible();

  // The link says which team it joins and for whom, and the sign-up form already has that address.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Join Platform as a member" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Create account" }).click();
  await expect(page.getByLabel("E-mail")).toHaveValue(member.email);
  await page.getByLabel("Name").fill(member.name);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/catalog/);
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);

  await page.getByRole("link", { name: "Teams" }).click();
  await expect(page.getByRole("list", { name: "Your teams" }).getByText("Platform")).toBeVisible();
  await page.getByRole("list", { name: "Your teams" }).getByText("Platform").click();
  await expect(page.getByRole("list", { name: "Members" }).getByText(admin.email)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Invite people" })).toHaveCount(0);

  // The invitation link is single use, and says so before anyone acts on it.
  await page.goto(link);
  await expect(page.getByRole("alert").getByText("This invitation has already been used.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);
});

test("a revoked session is signed out on its next request", async ({ browser }) => {
  const first = await browser.newPage();
  await signIn(first, admin.email, admin.password);
  await expect(first).toHaveURL(/\/catalog/);
  const second = await browser.newPage();
  await signIn(second, admin.email, admin.password);
  await expect(second).toHaveURL(/\/catalog/);

  await second.goto("/settings");
  await second.getByRole("button", { name: "Sign out all other sessions" }).click();
  await expect(second.getByText("This browser")).toBeVisible();
  await expect(second.getByRole("button", { name: "Sign out", exact: true })).toHaveCount(1); // only the nav's

  await first.goto("/teams");
  await expect(first).toHaveURL(/\/sign-in/);
});
