import { randomBytes } from "node:crypto";
import { createTestKeys, createTestPrisma, resetDatabase, seedUser, testDatabaseUrl } from "@switchboard/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGatewayToken, internalToken } from "../src/testing/gateway-over-bridge.ts";
import { startGatewayProcess } from "../src/testing/gateway-process.ts";

// Security finding 2, black box: the gateway as operators run it (a child process), 10,000
// requests whose JSON-RPC method is random, and only its public /metrics to judge by.
const METRICS_TOKEN = "metrics-token-for-prometheus-0123";
const REQUESTS = 10_000;
const CONCURRENCY = 32;

const prisma = createTestPrisma();
let gateway: Awaited<ReturnType<typeof startGatewayProcess>>;
let token: string;

beforeAll(async () => {
  await resetDatabase(prisma);
  const keys = createTestKeys();
  gateway = await startGatewayProcess({
    DATABASE_URL: testDatabaseUrl,
    SWITCHBOARD_ENCRYPTION_KEYS: keys.map(({ id, key }) => `${id}:${key.toString("base64")}`).join(","),
    RUNNER_INTERNAL_TOKEN: internalToken,
    METRICS_TOKEN,
    LOG_LEVEL: "warn",
  });
  token = (await createGatewayToken(prisma, (await seedUser(prisma)).id, "metrics")).token;
});

afterAll(async () => {
  await gateway?.stop();
  await prisma.$disconnect();
});

async function scrape() {
  const response = await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  const text = await response.text();
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
  return {
    bytes: text.length,
    series: text.split("\n").filter((line) => line.startsWith("switchboard_gateway_request_duration_seconds_count"))
      .length,
    heapBytes: value("nodejs_heap_size_used_bytes"),
    rssBytes: value("process_resident_memory_bytes"),
  };
}

/** `count` session-less POSTs (answered 404 after authentication), `CONCURRENCY` at a time. */
async function send(count: number, method: () => string) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next += 1;
        const response = await fetch(`${gateway.url}/mcp`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: next, method: method() }),
        });
        await response.body?.cancel();
      }
    }),
  );
}

describe("finding 2: metrics labels from client input are bounded", () => {
  it(
    "keeps /metrics series and gateway memory bounded across 10,000 random JSON-RPC methods",
    { timeout: 240_000 },
    async () => {
      const randomMethod = () => `random/${randomBytes(12).toString("hex")}`;
      // A first round warms the random-method path up (heap and allocator arenas grow once); what
      // is retained per method shows as growth in the second.
      await send(1_000, () => "tools/list");
      await send(REQUESTS, randomMethod);
      const before = await scrape();
      await send(REQUESTS, randomMethod);
      const after = await scrape();
      console.log(
        `metrics after ${REQUESTS} random methods: series ${before.series} -> ${after.series}, ` +
          `/metrics ${before.bytes} -> ${after.bytes} bytes, heap ${(before.heapBytes / 2 ** 20).toFixed(1)} -> ` +
          `${(after.heapBytes / 2 ** 20).toFixed(1)} MiB, rss ${(before.rssBytes / 2 ** 20).toFixed(1)} -> ` +
          `${(after.rssBytes / 2 ** 20).toFixed(1)} MiB`,
      );
      expect(after.series - before.series).toBeLessThanOrEqual(1);
      expect(after.bytes - before.bytes).toBeLessThan(10_000);
      // Before the fix: one series per method, +44 MiB resident per 10,000 (and /metrics grew to 23 MB).
      expect(after.rssBytes - before.rssBytes).toBeLessThan(32 * 2 ** 20);
      expect(gateway.unexpectedExits).toEqual([]);
    },
  );
});
