import { randomUUID } from "node:crypto";
import { createTestPrisma, resetDatabase, seedCatalogEntry, seedTeam, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { getConnectorForUser } from "./get-connector-for-user.ts";

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());
beforeEach(() => resetDatabase(prisma));

async function seedConnectors() {
  const [owner, teammate, stranger, admin] = await Promise.all([
    seedUser(prisma),
    seedUser(prisma),
    seedUser(prisma),
    seedUser(prisma, { isInstanceAdmin: true }),
  ]);
  const team = await seedTeam(prisma, [
    { userId: owner.id, role: "OWNER" },
    { userId: teammate.id, role: "MEMBER" },
  ]);
  const entry = await seedCatalogEntry(prisma);
  const base = { catalogEntryId: entry.id, name: "everything" };
  const personal = await prisma.connector.create({
    data: { ...base, scope: "PERSONAL", ownerUserId: owner.id, secretConfigCiphertext: "sb1.test.x.y" },
  });
  const shared = await prisma.connector.create({ data: { ...base, scope: "TEAM", teamId: team.id } });
  const actor = (user: { id: string; isInstanceAdmin: boolean }) => ({
    id: user.id,
    isInstanceAdmin: user.isInstanceAdmin,
  });
  return {
    owner: actor(owner),
    teammate: actor(teammate),
    stranger: actor(stranger),
    admin: actor(admin),
    personal,
    shared,
  };
}

describe("getConnectorForUser", () => {
  it("shows a personal connector to its owner only, without its secret column", async () => {
    const { owner, teammate, admin, personal } = await seedConnectors();

    const found = await getConnectorForUser(prisma, owner, personal.id);
    expect(found.id).toBe(personal.id);
    expect(found).not.toHaveProperty("secretConfigCiphertext");
    for (const other of [teammate, admin]) {
      await expect(getConnectorForUser(prisma, other, personal.id)).rejects.toMatchObject({ code: "not_found" });
    }
  });

  it("shows a team connector to members and instance admins, not to others", async () => {
    const { teammate, admin, stranger, shared } = await seedConnectors();

    expect((await getConnectorForUser(prisma, teammate, shared.id)).team?.name).toBe("Platform");
    expect((await getConnectorForUser(prisma, admin, shared.id)).id).toBe(shared.id);
    await expect(getConnectorForUser(prisma, stranger, shared.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("answers not_found for unknown and malformed ids", async () => {
    const { owner } = await seedConnectors();
    await expect(getConnectorForUser(prisma, owner, randomUUID())).rejects.toMatchObject({ code: "not_found" });
    await expect(getConnectorForUser(prisma, owner, "../etc")).rejects.toMatchObject({ code: "not_found" });
  });
});
