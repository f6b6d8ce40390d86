import { StoredCatalogEntryError } from "@switchboard/catalog";
import {
  createTestPrisma,
  createTestSecretBox,
  resetDatabase,
  seedCatalogEntry,
  seedUser,
} from "@switchboard/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPermanentFailure } from "./describe-failure.ts";
import { loadLaunch } from "./load-launch.ts";

const prisma = createTestPrisma();
const ctx = { prisma, secretBox: createTestSecretBox(), launchOptions: {} };

beforeAll(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

const valid = {
  schemaVersion: 1,
  id: "demo",
  source: "custom",
  name: "Demo",
  server: { type: "local", runtime: "node", command: "npx", args: [] },
  auth: { kind: "none" },
};

async function seedConnector(entry: object): Promise<{ id: string; slug: string }> {
  const { id: catalogEntryId, slug } = await seedCatalogEntry(prisma);
  await prisma.catalogEntry.update({ where: { id: catalogEntryId }, data: { entry } });
  const owner = await seedUser(prisma);
  const { id } = await prisma.connector.create({
    data: { catalogEntryId, scope: "PERSONAL", ownerUserId: owner.id, name: "demo", status: "QUEUED" },
  });
  return { id, slug };
}

describe("loadLaunch reads the stored catalog entry through readCatalogEntry", () => {
  it("derives a launch spec from a valid stored entry", async () => {
    const launch = await loadLaunch(ctx, (await seedConnector(valid)).id);
    expect(launch?.spec).toMatchObject({ kind: "container", command: ["npx"] });
  });

  it("refuses a corrupted stored entry at once, naming the entry and the field, as a permanent failure", async () => {
    const { id, slug } = await seedConnector({ ...valid, server: { ...valid.server, command: 42 } });
    const failure = await loadLaunch(ctx, id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoredCatalogEntryError);
    expect((failure as Error).message).toBe(
      `Stored catalog entry "${slug}" is invalid\n  server.command: expected string, got number`,
    );
    expect(isPermanentFailure(failure)).toBe(true);
  });
});
