import { createTestPrisma, resetDatabase, seedCatalogEntry, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebMetricsRegistry } from "@/server/metrics.ts";

const prisma = createTestPrisma();

beforeAll(async () => {
  await resetDatabase(prisma);
  const owner = await seedUser(prisma);
  const catalogEntryId = (await seedCatalogEntry(prisma)).id;
  for (const status of ["RUNNING", "RUNNING", "NEEDS_REAUTH"] as const) {
    await prisma.connector.create({
      data: { catalogEntryId, scope: "PERSONAL", ownerUserId: owner.id, name: status, status },
    });
  }
});

afterAll(() => prisma.$disconnect());

describe("web metrics", () => {
  it("count connectors by status when scraped, and follow the database", async () => {
    const registry = createWebMetricsRegistry(prisma);
    const first = await registry.metrics();
    expect(first).toContain('switchboard_installations{status="RUNNING",app="web"} 2');
    expect(first).toContain('switchboard_installations{status="NEEDS_REAUTH",app="web"} 1');

    await prisma.connector.updateMany({ where: { status: "NEEDS_REAUTH" }, data: { status: "RUNNING" } });
    const second = await registry.metrics();
    expect(second).toContain('switchboard_installations{status="RUNNING",app="web"} 3');
    expect(second).not.toContain('status="NEEDS_REAUTH"');
  });
});
