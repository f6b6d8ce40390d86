import { createTestPrisma, resetDatabase, seedCatalogEntry, seedTeam, seedUser } from "@switchboard/db/testing";
import { hashOpaqueToken } from "@switchboard/db/tokens";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  createGatewayToken,
  listGatewayTokens,
  revokeGatewayToken,
} from "@/modules/gateway-tokens/lib/create-gateway-token.ts";
import { buildClientConfigs } from "@/modules/gateway-tokens/lib/client-configs.ts";

const prisma = createTestPrisma();
const limits = { maxActiveTokens: 50 };
afterAll(() => prisma.$disconnect());
beforeEach(() => resetDatabase(prisma));

async function seedConnectors() {
  const [alice, bob] = [await seedUser(prisma), await seedUser(prisma)];
  const entry = await seedCatalogEntry(prisma);
  const team = await seedTeam(prisma, [{ userId: alice.id, role: "MEMBER" }]);
  const install = (data: object) =>
    prisma.connector.create({ data: { catalogEntryId: entry.id, name: "x", ...data } as never });
  const alicePersonal = await install({ scope: "PERSONAL", ownerUserId: alice.id });
  const teamShared = await install({ scope: "TEAM", teamId: team.id });
  const bobPersonal = await install({ scope: "PERSONAL", ownerUserId: bob.id });
  return { alice, bob, alicePersonal, teamShared, bobPersonal };
}

describe("gateway tokens", () => {
  it("are shown once, stored only as a hash, and limited to a profile when asked", async () => {
    const { alice, alicePersonal, teamShared } = await seedConnectors();
    const { id, token } = await createGatewayToken(
      prisma,
      alice.id,
      { name: "laptop", connectorIds: [alicePersonal.id, teamShared.id] },
      limits,
    );
    const row = await prisma.gatewayToken.findUniqueOrThrow({ where: { id }, include: { connectors: true } });
    expect(token).toMatch(/^sbg_/);
    expect(row.tokenHash).toBe(hashOpaqueToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
    expect(row.restricted).toBe(true);
    expect(row.connectors.map((i) => i.connectorId).sort()).toEqual([alicePersonal.id, teamShared.id].sort());
    expect(JSON.stringify(await listGatewayTokens(prisma, alice.id))).not.toContain(token.slice(4));
  });

  it("cannot include another user's connector", async () => {
    const { alice, bobPersonal } = await seedConnectors();
    await expect(
      createGatewayToken(prisma, alice.id, { name: "sneaky", connectorIds: [bobPersonal.id] }, limits),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await prisma.gatewayToken.count()).toBe(0);
  });

  it("can be revoked by their owner only", async () => {
    const { alice, bob } = await seedConnectors();
    const { id } = await createGatewayToken(prisma, alice.id, { name: "t" }, limits);
    await expect(revokeGatewayToken(prisma, bob.id, id)).rejects.toMatchObject({ code: "not_found" });
    await revokeGatewayToken(prisma, alice.id, id);
    expect((await prisma.gatewayToken.findUniqueOrThrow({ where: { id } })).revokedAt).not.toBeNull();
    expect(await listGatewayTokens(prisma, alice.id)).toHaveLength(0);
  });

  it("issue 12, finding 11: a user holds a bounded number of active tokens, even under concurrent requests", async () => {
    const { alice, bob } = await seedConnectors();
    const cap = { maxActiveTokens: 3 };
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, index) => createGatewayToken(prisma, alice.id, { name: `t${index}` }, cap)),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(3);
    for (const result of results.filter((result) => result.status === "rejected")) {
      expect(result.reason).toMatchObject({
        code: "conflict",
        message: "You already have 3 active gateway tokens, the most allowed. Revoke one you no longer use first.",
      });
    }
    expect(await prisma.gatewayToken.count({ where: { userId: alice.id } })).toBe(3);
    // Revoked and expired tokens do not count, and other users have their own budget.
    const [first] = await listGatewayTokens(prisma, alice.id);
    await revokeGatewayToken(prisma, alice.id, first!.id);
    await prisma.gatewayToken.updateMany({
      where: { userId: alice.id, revokedAt: null, name: { not: "t-expiring" } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(createGatewayToken(prisma, alice.id, { name: "fresh" }, cap)).resolves.toMatchObject({
      id: expect.any(String),
    });
    await expect(createGatewayToken(prisma, bob.id, { name: "bob's" }, cap)).resolves.toMatchObject({
      id: expect.any(String),
    });
  });

  it("validate their input", async () => {
    const { alice } = await seedConnectors();
    await expect(createGatewayToken(prisma, alice.id, { name: "" }, limits)).rejects.toMatchObject({
      fieldErrors: { name: expect.stringMatching(/Name the token/) },
    });
    await expect(
      createGatewayToken(prisma, alice.id, { name: "x", connectorIds: ["not-a-uuid"] }, limits),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("client configs", () => {
  it("carry the URL and the bearer token for each client", () => {
    const configs = buildClientConfigs("https://sb.example/mcp", "sbg_abc");
    expect(configs.map((c) => c.client)).toEqual(["Claude Desktop", "Claude Code", "Cursor", "VS Code", "Any MCP client"]); // prettier-ignore
    expect(configs[1]!.text).toContain('"Authorization: Bearer sbg_abc"');
    expect(JSON.parse(configs[2]!.text)).toEqual({
      mcpServers: { switchboard: { url: "https://sb.example/mcp", headers: { Authorization: "Bearer sbg_abc" } } },
    });
    expect(JSON.parse(configs[3]!.text).servers.switchboard).toMatchObject({
      type: "http",
      url: "https://sb.example/mcp",
    });
  });
});
