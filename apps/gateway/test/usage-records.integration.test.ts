import { randomUUID } from "node:crypto";
import { createGatewayMetrics, createMetricsRegistry } from "@switchboard/observability";
import { createTestPrisma, resetDatabase, seedCatalogEntry, seedUser, testDatabaseUrl } from "@switchboard/db/testing";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UsageRecorder, type UsageEvent } from "../src/tools/record-usage.ts";
import { startTcpProxy, throughProxy } from "../src/testing/tcp-proxy.ts";

const prisma = createTestPrisma();
const target = new URL(testDatabaseUrl);
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let db: pg.Pool;
let event: UsageEvent;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  db = new pg.Pool({ connectionString: throughProxy(testDatabaseUrl, proxy.port), max: 4 });
  db.on("error", () => undefined);
});

afterAll(async () => {
  await db.end();
  await proxy.close();
  await prisma.$disconnect();
});

beforeEach(async () => {
  await resetDatabase(prisma);
  const user = await seedUser(prisma, { name: "alice" });
  const connector = await prisma.connector.create({
    data: {
      catalogEntryId: (await seedCatalogEntry(prisma)).id,
      name: "Notes",
      scope: "PERSONAL",
      ownerUserId: user.id,
    },
  });
  event = {
    principal: { userId: user.id, tokenId: randomUUID() } as UsageEvent["principal"],
    connectorId: connector.id,
    tool: "echo",
    durationMs: 3,
    outcome: "ok",
  };
});

function createRecorder(options: ConstructorParameters<typeof UsageRecorder>[2] = {}) {
  const metrics = createGatewayMetrics(createMetricsRegistry("gateway"));
  const recorder = new UsageRecorder(db, pino({ level: "silent" }), {
    flushIntervalMs: 50,
    retryMs: { min: 50, max: 400 },
    onDropped: (count) => metrics.usageRecordsDropped.inc(count),
    ...options,
  });
  const dropped = async () => (await metrics.usageRecordsDropped.get()).values[0]?.value ?? 0;
  return { recorder, dropped };
}

describe("usage records", () => {
  it("stores every field as recorded: the time as UTC, the duration rounded, a consent's token left out", async () => {
    const { recorder } = createRecorder();
    const before = Date.now();
    recorder.record({ ...event, durationMs: 12.6, outcome: "timeout", errorCode: "-32001" });
    const consent = { ...event.principal, oauthConsentId: randomUUID() };
    recorder.record({ ...event, principal: consent, tool: "search", outcome: "ok" });
    const after = Date.now();
    await recorder.close();

    const rows = await prisma.usageRecord.findMany({ orderBy: { tool: "asc" } });
    expect(rows).toMatchObject([
      { userId: event.principal.userId, gatewayTokenId: event.principal.tokenId, tool: "echo", durationMs: 13 },
      { gatewayTokenId: null, tool: "search", durationMs: 3, outcome: "ok", errorCode: null },
    ]);
    expect(rows[0]).toMatchObject({ outcome: "timeout", errorCode: "-32001", connectorId: event.connectorId });
    for (const row of rows) {
      expect(row.at.getTime()).toBeGreaterThanOrEqual(before);
      expect(row.at.getTime()).toBeLessThanOrEqual(after);
    }
  });
});

describe("usage records across a database outage", () => {
  it("a 3-second database blip while calls keep coming loses no usage record (issue 19)", async () => {
    const { recorder, dropped } = createRecorder();
    let recorded = 0;
    const load = setInterval(() => {
      recorder.record(event);
      recorded += 1;
    }, 2);
    await sleep(500);
    await proxy.cut();
    await sleep(3_000);
    expect(recorder.pending).toBeGreaterThan(100);
    await proxy.restore();
    await sleep(500);
    clearInterval(load);
    await recorder.close();

    expect(await prisma.usageRecord.count()).toBe(recorded);
    expect(await dropped()).toBe(0);
  });

  it("past its bound the buffer drops records, counts them in a metric and leaves an audit event once the database is back", async () => {
    const { recorder, dropped } = createRecorder({ maxBuffered: 10 });
    await proxy.cut();
    for (let index = 0; index < 25; index += 1) recorder.record(event);
    await recorder.flush();
    expect(await dropped()).toBe(15);
    await proxy.restore();
    await recorder.close();

    expect(await prisma.usageRecord.count()).toBe(10);
    const [audit, ...more] = await prisma.auditEvent.findMany({ where: { action: "usage.records_dropped" } });
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ targetType: "usage", metadata: { count: 15 } });
  });

  it("shutting down waits for a database that comes back within the deadline", async () => {
    const { recorder } = createRecorder();
    await proxy.cut();
    for (let index = 0; index < 40; index += 1) recorder.record(event);
    setTimeout(() => void proxy.restore(), 1_000);
    await recorder.close(5_000);
    expect(await prisma.usageRecord.count()).toBe(40);
  });
});
