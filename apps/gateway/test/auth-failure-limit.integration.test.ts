import { randomUUID } from "node:crypto";
import { createTestPrisma, resetDatabase, seedUser, testDatabaseUrl } from "@switchboard/db/testing";
import { createFailedAttemptGuard } from "@switchboard/rate-limit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayHarness } from "./support/harness.ts";

const prisma = createTestPrisma();
const redis = new Redis(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/9");
let harness: Awaited<ReturnType<typeof startGatewayHarness>>;

beforeAll(async () => {
  await resetDatabase(prisma);
  harness = await startGatewayHarness(prisma, testDatabaseUrl, {
    authFailureGuard: createFailedAttemptGuard(redis, { name: `test-${randomUUID()}`, points: 3, windowSeconds: 60 }),
  });
});
afterAll(async () => {
  await harness?.close();
  await prisma.$disconnect();
  await redis.quit();
});

const post = (authorization?: string) =>
  fetch(`${harness.gatewayUrl}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization && { authorization }) },
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
});
