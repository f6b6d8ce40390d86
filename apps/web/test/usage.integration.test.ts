import { randomUUID } from "node:crypto";
import { createTestPrisma, resetDatabase, seedCatalogEntry, seedTeam, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { getConnectorUsage } from "@/modules/usage/lib/get-connector-usage.ts";
import { listInstanceUsage } from "@/modules/usage/lib/list-instance-usage.ts";

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());
beforeEach(() => resetDatabase(prisma));

const now = new Date("2026-12-07T12:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;
const ago = (ms: number) => new Date(now.getTime() - ms);

type Outcome = "ok" | "tool_error" | "error" | "timeout" | "cancelled";

async function seedWorld() {
  const [alice, bob, admin] = [
    await seedUser(prisma, { email: "alice@example.test" }),
    await seedUser(prisma, { email: "bob@example.test" }),
    await seedUser(prisma, { email: "admin@example.test", isInstanceAdmin: true }),
  ];
  const team = await seedTeam(prisma, [{ userId: alice.id, role: "MEMBER" }], "Platform");
  const entry = await seedCatalogEntry(prisma);
  const shared = await prisma.connector.create({
    data: { catalogEntryId: entry.id, scope: "TEAM", teamId: team.id, name: "shared", status: "RUNNING" },
  });
  const personal = await prisma.connector.create({
    data: { catalogEntryId: entry.id, scope: "PERSONAL", ownerUserId: bob.id, name: "bobs", status: "RUNNING" },
  });
  return { alice, bob, admin, team, shared, personal };
}

function record(
  userId: string,
  connectorId: string | null,
  at: Date,
  tool: string,
  durationMs: number,
  outcome: Outcome,
) {
  return { userId, connectorId, at, tool, durationMs, outcome };
}

describe("a connector's usage", () => {
  it("counts calls, failures apart from cancellations, p50/p95 and the top five tools inside the window only", async () => {
    const { alice, shared } = await seedWorld();
    const durations = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    const outcomes: Outcome[] = ["ok", "ok", "ok", "ok", "ok", "tool_error", "error", "timeout", "cancelled", "ok"];
    const tools = ["a", "a", "a", "b", "b", "c", "d", "e", "f", "f"];
    await prisma.usageRecord.createMany({
      data: [
        ...durations.map((ms, i) => record(alice.id, shared.id, ago(i * 60_000), tools[i]!, ms, outcomes[i]!)),
        // The window's first instant counts; the millisecond before it does not.
        record(alice.id, shared.id, ago(7 * DAY), "edge", 5, "ok"),
        record(alice.id, shared.id, ago(7 * DAY + 1), "old", 9000, "error"),
        record(alice.id, null, ago(1000), "a", 1, "error"),
      ],
    });

    const usage = await getConnectorUsage(prisma, alice, shared.id, { days: 7, now });

    expect(usage).toMatchObject({ days: 7, calls: 11, failures: 3, cancelled: 1 });
    // percentile_cont over 5,10,...,100: the median is 50, the 95th percentile interpolates to 95.
    expect(usage.p50Ms).toBe(50);
    expect(usage.p95Ms).toBe(95);
    expect(usage.tools).toEqual([
      { tool: "a", calls: 3 },
      { tool: "b", calls: 2 },
      { tool: "f", calls: 2 },
      { tool: "c", calls: 1 },
      { tool: "d", calls: 1 },
    ]);
    expect(usage.lastCallAt?.toISOString()).toBe(now.toISOString());

    const month = await getConnectorUsage(prisma, alice, shared.id, { days: 30, now });
    expect(month).toMatchObject({ calls: 12, failures: 4 });
  });

  it("is empty, with no last call, for a connector never called", async () => {
    const { alice, shared } = await seedWorld();
    expect(await getConnectorUsage(prisma, alice, shared.id, { days: 7, now })).toEqual({
      days: 7,
      calls: 0,
      failures: 0,
      cancelled: 0,
      p50Ms: null,
      p95Ms: null,
      tools: [],
      lastCallAt: null,
    });
  });

  it("keeps the last call of a connector quiet in the window", async () => {
    const { bob, personal } = await seedWorld();
    await prisma.usageRecord.create({ data: record(bob.id, personal.id, ago(10 * DAY), "t", 5, "ok") });
    expect(await getConnectorUsage(prisma, bob, personal.id, { days: 7, now })).toMatchObject({
      calls: 0,
      lastCallAt: ago(10 * DAY),
    });
  });

  it("is shown only to those who can see the connector", async () => {
    const { alice, bob, admin, shared, personal } = await seedWorld();
    await prisma.usageRecord.create({ data: record(bob.id, personal.id, ago(1000), "t", 5, "ok") });
    await expect(getConnectorUsage(prisma, alice, personal.id, { days: 7, now })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(getConnectorUsage(prisma, bob, shared.id, { days: 7, now })).rejects.toMatchObject({
      code: "not_found",
    });
    // Instance admins see team connectors, but another person's personal one stays theirs.
    await expect(getConnectorUsage(prisma, admin, personal.id, { days: 7, now })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await getConnectorUsage(prisma, admin, shared.id, { days: 7, now })).toMatchObject({ calls: 0 });
    expect(await getConnectorUsage(prisma, bob, personal.id, { days: 7, now })).toMatchObject({ calls: 1 });
  });
});

describe("the instance's usage", () => {
  it("lists connectors and users by calls in the window, with team, owner and failures, and which the admin may open", async () => {
    const { alice, bob, admin, shared, personal } = await seedWorld();
    const [gone, deleted] = [randomUUID(), randomUUID()];
    await prisma.usageRecord.createMany({
      data: [
        record(alice.id, shared.id, ago(1000), "a", 10, "ok"),
        record(alice.id, shared.id, ago(2000), "a", 20, "timeout"),
        record(bob.id, shared.id, ago(3000), "a", 30, "cancelled"),
        record(bob.id, personal.id, ago(4000), "b", 40, "tool_error"),
        record(bob.id, personal.id, ago(7 * DAY + 1), "b", 40, "ok"),
        record(gone, null, ago(5000), "c", 50, "ok"),
        record(gone, deleted, ago(6000), "c", 60, "ok"),
      ],
    });

    const usage = await listInstanceUsage(prisma, admin, { days: 7, now });

    expect(usage.connectors).toEqual([
      {
        connectorId: shared.id,
        name: "shared",
        scope: "TEAM",
        teamName: "Platform",
        ownerEmail: null,
        calls: 3,
        failures: 1,
        cancelled: 1,
        p50Ms: 20,
        canOpen: true,
      },
      {
        connectorId: personal.id,
        name: "bobs",
        scope: "PERSONAL",
        teamName: null,
        ownerEmail: "bob@example.test",
        calls: 1,
        failures: 1,
        cancelled: 0,
        p50Ms: 40,
        // Bob's own: the admin's link to it would end at a 404.
        canOpen: false,
      },
      // Calls to a connector deleted since, and calls that reached none, are listed without a name.
      ...[
        { connectorId: deleted, p50Ms: 60 },
        { connectorId: null, p50Ms: 50 },
      ].map((row) => ({
        ...row,
        name: null,
        scope: null,
        teamName: null,
        ownerEmail: null,
        calls: 1,
        failures: 0,
        cancelled: 0,
        canOpen: false,
      })),
    ]);
    expect(usage.users).toEqual([
      // Equal calls are ordered by e-mail.
      { userId: alice.id, email: "alice@example.test", name: "alice", calls: 2, failures: 1, cancelled: 0 },
      { userId: bob.id, email: "bob@example.test", name: "bob", calls: 2, failures: 1, cancelled: 1 },
      { userId: gone, email: null, name: null, calls: 2, failures: 0, cancelled: 0 },
    ]);
    expect((await listInstanceUsage(prisma, admin, { days: 30, now })).users[0]).toMatchObject({ calls: 3 });
  });

  it("is refused to anyone but an instance admin", async () => {
    const { alice } = await seedWorld();
    await expect(listInstanceUsage(prisma, alice, { days: 7, now })).rejects.toMatchObject({ code: "forbidden" });
  });
});
