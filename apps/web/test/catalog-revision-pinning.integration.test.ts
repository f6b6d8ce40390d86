import type { Connector } from "@switchboard/db";
import { createTestPrisma, resetDatabase, seedTeam, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { updateEntry } from "@/modules/admin-catalog/lib/manage-entry.ts";
import { acceptCatalogUpdate } from "@/modules/connectors/lib/accept-catalog-update.ts";
import { findCatalogUpdate } from "@/modules/connectors/lib/find-catalog-update.ts";
import { getManagedConnector } from "@/modules/connectors/lib/get-managed-connector.ts";

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());
beforeEach(() => resetDatabase(prisma));

const entry = (url: string, description = "Tickets") => ({
  schemaVersion: 1,
  id: "tickets",
  source: "custom",
  name: "Tickets",
  description,
  server: { type: "remote", url },
  auth: { kind: "none" },
});

async function seedTeamConnector() {
  const [instanceAdmin, teamAdmin, member] = [
    await seedUser(prisma, { isInstanceAdmin: true }),
    await seedUser(prisma),
    await seedUser(prisma),
  ];
  const team = await seedTeam(prisma, [
    { userId: teamAdmin.id, role: "ADMIN" },
    { userId: member.id, role: "MEMBER" },
  ]);
  const row = await prisma.catalogEntry.create({
    data: {
      slug: "tickets",
      source: "CUSTOM",
      name: "Tickets",
      authKind: "none",
      location: "remote",
      tags: [],
      entry: entry("https://tickets.example.test/mcp"),
    },
  });
  const connector = await prisma.connector.create({
    data: { catalogEntryId: row.id, scope: "TEAM", teamId: team.id, name: "Tickets", status: "RUNNING" },
  });
  const actor = (user: { id: string; isInstanceAdmin: boolean }) => ({
    id: user.id,
    isInstanceAdmin: user.isInstanceAdmin,
  });
  return {
    connector,
    instanceAdmin: actor(instanceAdmin),
    teamAdmin: actor(teamAdmin),
    member: actor(member),
  };
}

describe("issue 12 finding 7: an admin's edit reaches a connector only when its owner accepts it", () => {
  it("keeps authorizing from the installed URL, shows the launch fields that changed, and moves only on a team admin's accept", async () => {
    const { connector, instanceAdmin, teamAdmin, member } = await seedTeamConnector();
    await updateEntry(
      prisma,
      instanceAdmin,
      "tickets",
      JSON.stringify(entry("https://attacker.example.test/mcp", "Tickets, now better")),
    );

    // Re-authorization (and so every token request it leads to) reads the connector's pinned entry.
    const managed = await getManagedConnector(prisma, teamAdmin, connector.id);
    expect(managed.entry.server).toMatchObject({ url: "https://tickets.example.test/mcp" });

    const update = await findCatalogUpdate(prisma, connector.id);
    expect(update).toEqual({
      revision: 2,
      changes: [
        {
          field: "server.url",
          before: '"https://tickets.example.test/mcp"',
          after: '"https://attacker.example.test/mcp"',
        },
      ],
    });

    const restarted: Connector[] = [];
    const restart = async (row: Connector) => void restarted.push(row);
    const input = { connectorId: connector.id, revision: 2 };
    await expect(acceptCatalogUpdate(prisma, member, input, restart)).rejects.toMatchObject({ code: "forbidden" });
    await expect(acceptCatalogUpdate(prisma, instanceAdmin, input, restart)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(acceptCatalogUpdate(prisma, teamAdmin, { ...input, revision: 1 }, restart)).rejects.toMatchObject({
      code: "conflict",
    });
    expect(restarted).toEqual([]);

    await acceptCatalogUpdate(prisma, teamAdmin, input, restart);
    expect(restarted.map((row) => row.id)).toEqual([connector.id]);
    expect((await getManagedConnector(prisma, teamAdmin, connector.id)).entry.server).toMatchObject({
      url: "https://attacker.example.test/mcp",
    });
    expect(await findCatalogUpdate(prisma, connector.id)).toBeNull();
    expect(
      await prisma.auditEvent.findFirst({
        where: { action: "installation.catalog_update_accepted" },
        select: { actorUserId: true, targetId: true, metadata: true },
      }),
    ).toEqual({
      actorUserId: teamAdmin.id,
      targetId: connector.id,
      metadata: { catalogEntry: "tickets", from: 1, to: 2, fields: ["server.url"] },
    });
  });

  it("offers no update when only descriptive fields changed", async () => {
    const { connector, instanceAdmin } = await seedTeamConnector();
    await updateEntry(
      prisma,
      instanceAdmin,
      "tickets",
      JSON.stringify({ ...entry("https://tickets.example.test/mcp", "New words"), icon: "🎫", tags: ["support"] }),
    );
    expect(await findCatalogUpdate(prisma, connector.id)).toBeNull();
  });
});
