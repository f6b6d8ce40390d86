import { createTestPrisma, resetDatabase, seedCatalogEntry, seedTeam, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { authorizeLogStream, grantSupportAccess } from "@/modules/connector-status/lib/log-access.ts";

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());
beforeEach(() => resetDatabase(prisma));

async function seedTeamConnector() {
  const [instanceAdmin, member] = [await seedUser(prisma, { isInstanceAdmin: true }), await seedUser(prisma)];
  const team = await seedTeam(prisma, [{ userId: member.id, role: "MEMBER" }]);
  const entry = await seedCatalogEntry(prisma);
  const connector = await prisma.connector.create({
    data: { catalogEntryId: entry.id, scope: "TEAM", teamId: team.id, name: "shared", status: "RUNNING" },
  });
  return {
    admin: { id: instanceAdmin.id, isInstanceAdmin: true },
    member: { id: member.id, isInstanceAdmin: false },
    connector,
  };
}

describe("issue 12 finding 7: instance admins read another team's connector logs only through audited support access", () => {
  it("refuses an instance admin outside the team without support access, and records nothing", async () => {
    const { admin, connector } = await seedTeamConnector();
    await expect(authorizeLogStream(prisma, admin, connector.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(await prisma.auditEvent.count({ where: { action: "installation.support_access" } })).toBe(0);
  });

  it("streams after the admin gives a reason, which is in the audit log with the team", async () => {
    const { admin, connector } = await seedTeamConnector();
    await expect(
      grantSupportAccess(prisma, admin, { connectorId: connector.id, reason: "too short" }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await grantSupportAccess(prisma, admin, {
      connectorId: connector.id,
      reason: "Ticket 4711: the team reports failed starts",
    });
    await expect(authorizeLogStream(prisma, admin, connector.id)).resolves.toMatchObject({ id: connector.id });
    expect(
      await prisma.auditEvent.findMany({
        where: { action: "installation.support_access" },
        select: { actorUserId: true, targetId: true, teamId: true, metadata: true },
      }),
    ).toEqual([
      {
        actorUserId: admin.id,
        targetId: connector.id,
        teamId: connector.teamId,
        metadata: { reason: "Ticket 4711: the team reports failed starts", minutes: 30 },
      },
    ]);
  });

  it("lets the team's members stream as before, without support access", async () => {
    const { member, connector } = await seedTeamConnector();
    await expect(authorizeLogStream(prisma, member, connector.id)).resolves.toMatchObject({ id: connector.id });
    await expect(
      grantSupportAccess(prisma, member, { connectorId: connector.id, reason: "I am in this team anyway" }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });
});
