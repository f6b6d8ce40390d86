import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";

// Issue 12, findings 9 and 5 against the running web app: security headers on real pages, the
// pages still working under them, and sign-in rate limits. Runs after 01 (an instance with users,
// so /sign-in shows the sign-in form).
test("issue 12, finding 9: pages carry a nonce-based CSP that forbids framing, nosniff and a referrer policy", async ({
  request,
}) => {
  for (const path of ["/sign-in", "/sign-up", "/api/health"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    // Served over plain http here: no HSTS (it would pin browsers to https on a host without it).
    expect(headers["strict-transport-security"], path).toBeUndefined();
  }
  const first = await request.get("/sign-in");
  const policy = first.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  // Next stamps the response's nonce on every script it renders; each response has its own.
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  const second = (await request.get("/sign-in")).headers()["content-security-policy"];
  expect(second).not.toBe(policy);
});

test("issue 12, finding 9: the sign-in page runs its scripts under the policy", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(`nobody-${randomUUID()}@example.com`);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  // Only client-side JavaScript shows this message: the scripts ran.
  await expect(page.getByText("Invalid e-mail or password.")).toBeVisible();
  expect(violations).toEqual([]);
});

test("issue 12, finding 5: password sign-ins over the budget get 429 with Retry-After", async ({ request }) => {
  const email = `target-${randomUUID()}@example.com`;
  const statuses: number[] = [];
  let limited;
  for (let attempt = 0; attempt < 11; attempt++) {
    // A new client address each time: only the per-e-mail budget (10 per 5 minutes) applies.
    const response = await request.post("/api/auth/callback/credentials", {
      form: { email, password: "a guess at the password", csrfToken: "none", json: "true" },
      headers: { "x-forwarded-for": `198.51.100.${attempt + 1}` },
      maxRedirects: 0,
    });
    statuses.push(response.status());
    limited = response;
  }
  expect(statuses.slice(0, 10)).not.toContain(429);
  expect(statuses[10]).toBe(429);
  expect(Number(limited?.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await limited?.json()).toMatchObject({
    error: "rate_limited",
    url: expect.stringContaining("error=RateLimited"),
  });
});
