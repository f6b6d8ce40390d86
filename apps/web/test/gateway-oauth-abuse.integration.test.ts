import { createTestPrisma, createTestSecretBox } from "@switchboard/db/testing";
import { describe, expect, it } from "vitest";
import { deleteExpiredOidcPayloads } from "@/modules/oauth-server/lib/delete-expired-oidc-payloads.ts";
import { setUpGatewayOAuthStack } from "./support/gateway-oauth-stack.ts";

const prisma = createTestPrisma();
const stack = setUpGatewayOAuthStack(prisma, {
  oidcRateLimits: {
    "/reg": { points: 2, windowSeconds: 600 },
    "/auth": { points: 2, windowSeconds: 600 },
    "/token": { points: 2, windowSeconds: 600 },
  },
});

const register = () =>
  fetch(`${stack().webUrl}/api/oidc/reg`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ redirect_uris: ["http://127.0.0.1:9/callback"], token_endpoint_auth_method: "none" }),
  });

describe("open registration, authorization and token endpoints are limited per client address", () => {
  it("registration beyond the budget gets 429 with Retry-After and registers nothing", async () => {
    expect((await register()).status).toBe(201);
    expect((await register()).status).toBe(201);
    const limited = await register();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: "rate_limited" });
    expect(await prisma.oidcPayload.count({ where: { kind: "Client" } })).toBe(2);
  });

  it("token and authorization requests beyond the budget get 429", async () => {
    const token = () => fetch(`${stack().webUrl}/api/oidc/token`, { method: "POST" });
    const authorize = () => fetch(`${stack().webUrl}/api/oidc/auth?client_id=x`, { redirect: "manual" });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await token()).status, (await authorize()).status);
    expect(statuses.slice(0, 4)).not.toContain(429);
    expect(statuses.slice(4)).toEqual([429, 429]);
  });

  it("revocation requests beyond the token budget get 429: each costs a signature check, a valid one a transaction", async () => {
    const revoke = () =>
      fetch(`${stack().webUrl}/api/oidc/token/revocation`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: "not-a-token", client_id: "nobody" }),
      });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await revoke()).status);
    expect(statuses.slice(0, 2)).not.toContain(429);
    expect(statuses[2]).toBe(429);
  });
});

it("expired rows of the provider's storage are deleted; live and never-expiring ones stay", async () => {
  const box = createTestSecretBox();
  const row = (id: string, expiresAt: Date | null) => ({
    kind: "Session",
    id,
    payloadCiphertext: box.seal("{}", { table: "OidcPayload", column: "payloadCiphertext", rowId: `Session/${id}` }),
    expiresAt,
  });
  await prisma.oidcPayload.createMany({
    data: [
      row("expired", new Date(Date.now() - 1000)),
      row("live", new Date(Date.now() + 60_000)),
      row("forever", null),
    ],
  });
  await deleteExpiredOidcPayloads(prisma);
  const left = await prisma.oidcPayload.findMany({ where: { kind: "Session" }, select: { id: true } });
  expect(left.map((r) => r.id).sort()).toEqual(["forever", "live"]);
});
