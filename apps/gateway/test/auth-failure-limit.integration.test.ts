import { randomUUID } from "node:crypto";
import { createTestPrisma, resetDatabase, seedUser, testDatabaseUrl } from "@switchboard/db/testing";
import { createFailedAttemptGuard } from "@switchboard/rate-limit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayHarness } from "../src/testing/harness.ts";

const prisma = createTestPrisma();
const redis = new Redis(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/9");
let harness: Awaited<ReturnType<typeof startGatewayHarness>>;
// The same gateway behind one reverse proxy (TRUSTED_PROXY_HOPS=1): every request comes from its socket.
let proxied: Awaited<ReturnType<typeof startGatewayHarness>>;

const guard = () => createFailedAttemptGuard(redis, { name: `test-${randomUUID()}`, points: 3, windowSeconds: 60 });

beforeAll(async () => {
  await resetDatabase(prisma);
  harness = await startGatewayHarness(prisma, testDatabaseUrl, { authFailureGuard: guard() });
  proxied = await startGatewayHarness(prisma, testDatabaseUrl, { authFailureGuard: guard(), trustedProxyHops: 1 });
});
afterAll(async () => {
  await harness?.close();
  await proxied?.close();
  await prisma.$disconnect();
  await redis.quit();
});

const post = (authorization?: string, { gatewayUrl = harness.gatewayUrl, forwardedFor = "" } = {}) =>
  fetch(`${gatewayUrl}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(authorization && { authorization }),
      ...(forwardedFor && { "x-forwarded-for": forwardedFor }),
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
  });

describe("issue 12, finding 5: the gateway's unauthenticated path", () => {
  it("refuses a client with 429 and Retry-After after too many wrong tokens, without counting token-less discovery", async () => {
    const user = await seedUser(prisma);
    const { token } = await harness.createToken(user.id);
    // MCP clients first call without a token to discover how to sign in: never counted.
    for (let attempt = 0; attempt < 5; attempt++) expect((await post()).status).toBe(401);
    expect((await post(`Bearer ${token}`)).status).not.toBe(401);

    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await post(`Bearer sbg_wrong${attempt}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = await post(`Bearer sbg_wrong-again`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: "too_many_requests" });
  });

  it("follow-up: ignores a client's own X-Forwarded-For without a trusted proxy", async () => {
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const forged = { forwardedFor: `198.51.100.${attempt}` };
      statuses.push((await post(`Bearer sbg_forged${attempt}`, forged)).status);
    }
    expect(statuses.at(-1)).toBe(429);
  });

  it("follow-up: behind a trusted proxy, one client's wrong tokens do not lock out the others", async () => {
    const from = (client: string) => ({ gatewayUrl: proxied.gatewayUrl, forwardedFor: `6.6.6.6, ${client}` });
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++)
      statuses.push((await post(`Bearer sbg_bad${attempt}`, from("203.0.113.7"))).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Same socket (the proxy), same forged left entry, another client address appended by the proxy.
    expect((await post("Bearer sbg_bad-other", from("203.0.113.8"))).status).toBe(401);
  });
});
