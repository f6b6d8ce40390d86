import { createTestPrisma, resetDatabase, seedCatalogEntry, seedTeam, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { authorizeLogStream, grantSupportAccess } from "@/modules/installation-status/lib/log-access.ts";

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());
beforeEach(() => resetDatabase(prisma));

async function seedTeamInstallation() {
  const [instanceAdmin, member] = [await seedUser(prisma, { isInstanceAdmin: true }), await seedUser(prisma)];
  const team = await seedTeam(prisma, [{ userId: member.id, role: "MEMBER" }]);
  const entry = await seedCatalogEntry(prisma);
  const installation = await prisma.installation.create({
    data: { catalogEntryId: entry.id, scope: "TEAM", teamId: team.id, name: "shared", status: "RUNNING" },
  });
  return {
    admin: { id: instanceAdmin.id, isInstanceAdmin: true },
    member: { id: member.id, isInstanceAdmin: false },
    installation,
  };
}

describe("issue 12 finding 7: instance admins read another team's connector logs only through audited support access", () => {
  it("refuses an instance admin outside the team without support access, and records nothing", async () => {
    const { admin, installation } = await seedTeamInstallation();
    await expect(authorizeLogStream(prisma, admin, installation.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(await prisma.auditEvent.count({ where: { action: "installation.support_access" } })).toBe(0);
  });

  it("streams after the admin gives a reason, which is in the audit log with the team", async () => {
    const { admin, installation } = await seedTeamInstallation();
    await expect(
      grantSupportAccess(prisma, admin, { installationId: installation.id, reason: "too short" }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await grantSupportAccess(prisma, admin, {
      installationId: installation.id,
      reason: "Ticket 4711: the team reports failed starts",
    });
    await expect(authorizeLogStream(prisma, admin, installation.id)).resolves.toMatchObject({ id: installation.id });
    expect(
      await prisma.auditEvent.findMany({
        where: { action: "installation.support_access" },
        select: { actorUserId: true, targetId: true, teamId: true, metadata: true },
      }),
    ).toEqual([
      {
        actorUserId: admin.id,
        targetId: installation.id,
        teamId: installation.teamId,
        metadata: { reason: "Ticket 4711: the team reports failed starts", minutes: 30 },
      },
    ]);
  });

  it("lets the team's members stream as before, without support access", async () => {
    const { member, installation } = await seedTeamInstallation();
    await expect(authorizeLogStream(prisma, member, installation.id)).resolves.toMatchObject({ id: installation.id });
    await expect(
      grantSupportAccess(prisma, member, { installationId: installation.id, reason: "I am in this team anyway" }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });
});
