import { createTestPrisma, resetDatabase, seedCatalogEntry, seedUser } from "@switchboard/db/testing";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import pino from "pino";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createRecordedToolsRefresh } from "../src/upstreams/refresh-recorded-tools.ts";
import type { UpstreamPool } from "../src/upstreams/upstream-pool.ts";

const prisma = createTestPrisma();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let connectorId: string;

afterAll(() => prisma.$disconnect());

beforeEach(async () => {
  await resetDatabase(prisma);
  const user = await seedUser(prisma, { name: "alice" });
  const connector = await prisma.connector.create({
    data: {
      catalogEntryId: (await seedCatalogEntry(prisma)).id,
      name: "Hostile",
      scope: "PERSONAL",
      ownerUserId: user.id,
      status: "RUNNING",
      tools: [{ name: "start", inputSchema: { type: "object" } }],
    },
  });
  connectorId = connector.id;
});

/** A connector whose tools/list answers `list(n)` on its n-th listing. */
function upstreamListing(list: (listing: number) => Tool[]) {
  let listings = 0;
  const pool = {
    use: (_id: string, operation: (connection: never) => Promise<unknown>) =>
      operation({ client: { listTools: async () => ({ tools: list(++listings) }) } } as never),
  } as Pick<UpstreamPool, "use">;
  return { pool, listings: () => listings };
}

const storedTools = async () => (await prisma.connector.findUniqueOrThrow({ where: { id: connectorId } })).tools;
const tool = (name: string, description = ""): Tool => ({ name, description, inputSchema: { type: "object" } });

describe("recorded tools refresh (a connector's tools/list_changed)", () => {
  it("finding: a connector announcing changes without pause is listed and stored once per interval, not once per notification", async () => {
    // A hostile server answers every listing with another list and announces a change every 5 ms:
    // each store moves updatedAt, which makes every session of every gateway instance re-read its routes.
    const upstream = upstreamListing((n) => [tool(`tool_${n}`)]);
    const refresh = createRecordedToolsRefresh(upstream.pool, prisma, pino({ level: "silent" }), {
      minIntervalMs: 400,
    });
    const started = Date.now();
    const refreshes: Promise<void>[] = [];
    while (Date.now() - started < 600) {
      refreshes.push(refresh(connectorId));
      await sleep(5);
    }
    await Promise.all(refreshes);
    // At 0 ms, at 400 ms and once more for the changes announced after that: never one per notification.
    expect(upstream.listings()).toBeGreaterThanOrEqual(2);
    expect(upstream.listings()).toBeLessThanOrEqual(3);
    // The last change announced is the one stored.
    expect(await storedTools()).toEqual([tool(`tool_${upstream.listings()}`)]);
  });

  it("lists a connector's first change at once", async () => {
    const upstream = upstreamListing(() => [tool("added")]);
    const refresh = createRecordedToolsRefresh(upstream.pool, prisma, pino({ level: "silent" }), {
      minIntervalMs: 60_000,
    });
    const started = Date.now();
    void refresh(connectorId);
    while ((await storedTools()) === null || JSON.stringify(await storedTools()).includes("start")) await sleep(10);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await storedTools()).toEqual([tool("added")]);
  });

  it("finding: a tool list larger than the limit is not stored, and the recorded tools stay", async () => {
    const upstream = upstreamListing(() => [tool("huge", "x".repeat(12_000))]);
    const refresh = createRecordedToolsRefresh(upstream.pool, prisma, pino({ level: "silent" }), {
      minIntervalMs: 0,
      maxBytes: 10_000,
    });
    await refresh(connectorId);
    expect(upstream.listings()).toBe(1);
    expect(await storedTools()).toEqual([{ name: "start", inputSchema: { type: "object" } }]);
  });
});
