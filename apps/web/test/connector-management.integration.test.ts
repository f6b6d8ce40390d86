import {
  createTestPrisma,
  createTestSecretBox,
  resetDatabase,
  seedCatalogEntry,
  seedTeam,
  seedUser,
} from "@switchboard/db/testing";
import { createGuardedFetch } from "@switchboard/oauth";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { changeDesiredState, uninstallConnector } from "@/modules/connector-status/lib/change-desired-state.ts";

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());
beforeEach(() => resetDatabase(prisma));

describe("managing a team connector", () => {
  it("is refused to team members, before anything changes or is enqueued", async () => {
    const [admin, member] = [await seedUser(prisma), await seedUser(prisma)];
    const team = await seedTeam(prisma, [
      { userId: admin.id, role: "ADMIN" },
      { userId: member.id, role: "MEMBER" },
    ]);
    const entry = await seedCatalogEntry(prisma);
    const connector = await prisma.connector.create({
      data: { catalogEntryId: entry.id, scope: "TEAM", teamId: team.id, name: "shared", status: "RUNNING" },
    });
    const actor = { id: member.id, isInstanceAdmin: false };
    await expect(changeDesiredState(prisma, actor, connector.id, "stop")).rejects.toMatchObject({
      code: "forbidden",
    });
    const uninstallDeps = {
      prisma,
      secretBox: createTestSecretBox(),
      fetch: createGuardedFetch(),
      log: { warn: () => undefined },
      requestRemoval: () => Promise.reject(new Error("nothing may be enqueued")),
    };
    await expect(uninstallConnector(uninstallDeps, actor, connector.id)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await prisma.connector.findUniqueOrThrow({ where: { id: connector.id } })).toMatchObject({
      desiredState: "RUNNING",
    });
  });
});
