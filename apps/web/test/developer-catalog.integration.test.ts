import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestPrisma, resetDatabase } from "@switchboard/db/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { readDeveloperCatalog } from "@/modules/catalog/lib/read-developer-catalog.ts";
import { syncCatalogSource } from "@/modules/catalog/lib/sync-catalog-source.ts";

const prisma = createTestPrisma();
let folder: string;

beforeEach(async () => {
  await resetDatabase(prisma);
  folder = await mkdtemp(path.join(tmpdir(), "developer-catalog-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await prisma.$disconnect();
});

const seedExample = () =>
  readFile(new URL("../../../packages/catalog/test/fixtures/archestra/my-test-server.json", import.meta.url), "utf8");

describe("the local developer folder", () => {
  it("imports its files tagged Developer, skips broken ones, and follows edits and deletions", async () => {
    await writeFile(path.join(folder, "my-test-server.json"), await seedExample());
    await writeFile(path.join(folder, "broken.json"), "{ nope");
    await writeFile(path.join(folder, "notes.txt"), "not a catalog file");

    const entries = await readDeveloperCatalog(folder);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ source: "developer", tags: expect.arrayContaining(["Developer"]) });
    await syncCatalogSource(prisma, "DEVELOPER", entries);
    const stored = await prisma.catalogEntry.findUniqueOrThrow({ where: { slug: entries[0]!.id } });
    expect(stored).toMatchObject({ source: "DEVELOPER", enabled: true, revision: 1 });

    const edited = JSON.parse(await seedExample()) as Record<string, unknown>;
    await writeFile(
      path.join(folder, "my-test-server.json"),
      JSON.stringify({ ...edited, description: "Edited locally" }),
    );
    await syncCatalogSource(prisma, "DEVELOPER", await readDeveloperCatalog(folder));
    expect(await prisma.catalogEntry.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({
      description: "Edited locally",
      revision: 2,
    });

    await rm(path.join(folder, "my-test-server.json"));
    await syncCatalogSource(prisma, "DEVELOPER", await readDeveloperCatalog(folder));
    expect(await prisma.catalogEntry.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({ enabled: false });
  });

  it("reads nothing from a folder that does not exist", async () => {
    expect(await readDeveloperCatalog(path.join(folder, "missing"))).toEqual([]);
  });
});
