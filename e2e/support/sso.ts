import { expect, type Page } from "@playwright/test";

/** E-mail domain scripts/e2e-server.sh lets join by SSO without an invitation (SSO_ALLOWED_DOMAINS). */
export const SSO_ALLOWED_DOMAIN = "sso.example.com";

/** Signs in through the company SSO of the e2e stack (e2e/support/sso-provider.ts). */
export async function signInWithSso(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue with Company SSO" }).click();
  await expect(page.getByRole("heading", { name: "Company SSO" })).toBeVisible();
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/catalog/);
}
