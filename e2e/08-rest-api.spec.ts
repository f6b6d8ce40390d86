import { execFileSync } from "node:child_process";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { connectorContainers, removeConnectorContainers, seedEverythingEntry } from "./support/connectors.ts";
import { createE2eUser, e2ePrisma } from "./support/database.ts";
import { signIn } from "./support/sign-in.ts";

// The real runner starts a real container; the first start on a cold machine takes a while.
const STARTS_WITHIN = { timeout: 60_000 };

const connectorIds: string[] = [];
test.afterAll(async () => {
  for (const id of connectorIds) await removeConnectorContainers(id);
});

async function createApiToken(page: Page, name: string, access: "read and change" | "read only") {
  await page.goto("/settings");
  await page.getByLabel("Token name").fill(name);
  await page.getByLabel("Access").selectOption({ label: access });
  await page.getByRole("button", { name: "Create API token" }).click();
  const token = await page.getByTestId("api-token").inputValue();
  expect(token).toMatch(/^sba_/);
  return token;
}

function apiAs(baseURL: string | undefined, token: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
}

test("automation drives a connector through the REST API with an API token: install, status, settings, stop, uninstall", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const entry = await seedEverythingEntry();
  const member = await createE2eUser({ name: "API Member" });
  const stranger = await createE2eUser({ name: "API Stranger" });
  await signIn(page, member.email, member.password);
  const token = await createApiToken(page, "CI deploy", "read and change");
  const readOnlyToken = await createApiToken(page, "Dashboards", "read only");
  await expect(page.getByRole("list", { name: "API tokens" }).getByRole("listitem")).toHaveCount(2);
  const api = await apiAs(baseURL, token);

  expect(await (await api.get("/api/v1/connectors")).json()).toEqual({ items: [] });
  const refused = await api.post("/api/v1/connectors", {
    data: { catalogEntry: entry.slug, settings: { greeting: { a: 1 } } },
  });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).fields).toHaveProperty(["settings.greeting"]);
  const installed = await api.post("/api/v1/connectors", {
    data: { catalogEntry: entry.slug, settings: { greeting: "hi" } },
  });
  expect(installed.status()).toBe(201);
  const { id, status } = (await installed.json()) as { id: string; status: string };
  connectorIds.push(id);
  expect(status).toBe("QUEUED");
  expect(installed.headers().location).toBe(`/api/v1/connectors/${id}`);

  const statusOf = async (client = api) =>
    (await (await client.get(`/api/v1/connectors/${id}`)).json()) as { status: string; tools: { name: string }[] };
  await expect.poll(async () => (await statusOf()).status, STARTS_WITHIN).toBe("RUNNING");
  expect((await statusOf()).tools.map((tool) => tool.name)).toContain("echo");
  const [listed] = ((await (await api.get("/api/v1/connectors")).json()) as { items: Record<string, unknown>[] }).items;
  expect(listed).toMatchObject({ id, catalogEntry: entry.slug, scope: "personal", status: "RUNNING", canManage: true });

  // A read-only token reads but changes nothing; the browser's cookie reads but changes nothing
  // (a cookie rides on other sites' requests); a stranger's token learns nothing of it.
  const readOnly = await apiAs(baseURL, readOnlyToken);
  expect((await statusOf(readOnly)).status).toBe("RUNNING");
  const readOnlyStop = await readOnly.post(`/api/v1/connectors/${id}/stop`);
  expect(readOnlyStop.status()).toBe(403);
  expect((await readOnlyStop.json()).message).toContain("read-only");
  expect((await page.request.get(`/api/v1/connectors/${id}`)).status()).toBe(200);
  expect((await page.request.post(`/api/v1/connectors/${id}/stop`)).status()).toBe(403);
  const strangerPage = await page.context().browser()!.newPage();
  await signIn(strangerPage, stranger.email, stranger.password);
  const strangers = await apiAs(baseURL, await createApiToken(strangerPage, "Stranger", "read and change"));
  expect((await strangers.get(`/api/v1/connectors/${id}`)).status()).toBe(404);
  expect((await strangers.delete(`/api/v1/connectors/${id}`)).status()).toBe(404);
  const anonymous = await playwrightRequest.newContext({ baseURL });
  expect((await anonymous.get("/api/v1/connectors")).status()).toBe(401);
  expect(await e2ePrisma.connector.findUnique({ where: { id } })).not.toBeNull();
  // Requests are counted per user (scripts/e2e-server.sh sets 200 a minute): past that, 429 with
  // Retry-After.
  let limited = await strangers.get("/api/v1/connectors");
  for (let sent = 0; limited.status() !== 429 && sent < 250; sent += 1)
    limited = await strangers.get("/api/v1/connectors");
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await limited.json()).error).toBe("rate_limited");

  // Settings change in place and the connector restarts with them.
  const changed = await api.patch(`/api/v1/connectors/${id}`, { data: { settings: { greeting: "bonjour" } } });
  expect(await changed.json()).toEqual({ changed: ["greeting"] });
  await expect
    .poll(async () => {
      const [containerId] = await connectorContainers(id);
      if (!containerId || (await statusOf()).status !== "RUNNING") return [];
      return JSON.parse(
        execFileSync("docker", ["inspect", "--format", "{{json .Config.Env}}", containerId], { encoding: "utf8" }),
      ) as string[];
    }, STARTS_WITHIN)
    .toContain("GREETING=bonjour");

  const stopped = await api.post(`/api/v1/connectors/${id}/stop`);
  expect(stopped.status()).toBe(202);
  await expect.poll(async () => (await statusOf()).status, STARTS_WITHIN).toBe("STOPPED");

  expect((await api.delete(`/api/v1/connectors/${id}`)).status()).toBe(204);
  expect((await api.get(`/api/v1/connectors/${id}`)).status()).toBe(404);
  await expect.poll(() => connectorContainers(id), { timeout: 30_000 }).toEqual([]);
  const audit = await e2ePrisma.auditEvent.findMany({ where: { targetId: id }, orderBy: { at: "asc" } });
  expect(audit.map((event) => event.action)).toEqual([
    "installation.created",
    "installation.settings_changed",
    "installation.stop",
    "installation.uninstalled",
  ]);

  // Revoked in Settings, the token stops working on its next request.
  await page.goto("/settings");
  await page
    .getByRole("list", { name: "API tokens" })
    .getByRole("listitem")
    .filter({ hasText: "CI deploy" })
    .getByRole("button", { name: "Revoke" })
    .click();
  await expect(page.getByRole("list", { name: "API tokens" }).getByRole("listitem")).toHaveCount(1);
  expect((await api.get("/api/v1/connectors")).status()).toBe(401);
});
