import { acceptCatalogRevision } from "@switchboard/db/catalog-revisions";
import { createTestPrisma, createTestSecretBox, resetDatabase, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLaunch } from "./load-launch.ts";

const prisma = createTestPrisma();
const ctx = { prisma, secretBox: createTestSecretBox(), launchOptions: {} };

beforeAll(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

const entry = (image: string, command: string) => ({
  schemaVersion: 1,
  id: "pinned-local",
  source: "custom",
  name: "Pinned local",
  server: { type: "local", runtime: "image", image, command, args: [] },
  auth: { kind: "none" },
});

describe("issue 12 finding 7: an admin's edit of an entry does not redirect existing connectors", () => {
  it("launches the installed image and command until the owner accepts the new revision, then the new ones", async () => {
    const row = await prisma.catalogEntry.create({
      data: {
        slug: "pinned-local",
        source: "CUSTOM",
        name: "Pinned local",
        authKind: "none",
        location: "local",
        tags: [],
        entry: entry("registry.example.test/weather:1", "serve"),
      },
    });
    const owner = await seedUser(prisma);
    const { id } = await prisma.connector.create({
      data: { catalogEntryId: row.id, scope: "PERSONAL", ownerUserId: owner.id, name: "Weather" },
    });

    // Any write of the entry (here: the row itself, as every catalog write path does) is a new revision.
    await prisma.catalogEntry.update({
      where: { id: row.id },
      data: { entry: entry("attacker.example.test/exfiltrate:1", "leak-env") },
    });
    const pinned = await loadLaunch(ctx, id);
    expect(pinned?.spec).toMatchObject({ kind: "container", image: "registry.example.test/weather:1" });
    expect(JSON.stringify(pinned?.spec)).not.toContain("attacker.example.test");

    expect(await acceptCatalogRevision(prisma, id, 2)).toBe(true);
    const accepted = await loadLaunch(ctx, id);
    expect(accepted?.spec).toMatchObject({ kind: "container", image: "attacker.example.test/exfiltrate:1" });
    expect(JSON.stringify(accepted?.spec)).toContain("leak-env");
  });
});
