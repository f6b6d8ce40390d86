import { createTestPrisma, resetDatabase, seedUser } from "@switchboard/db/testing";
import { hashOpaqueToken } from "@switchboard/db/tokens";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createApiToken, listApiTokens, revokeApiToken } from "@/modules/api-tokens/lib/api-tokens.ts";
import { authenticateApiToken } from "@/modules/api-tokens/lib/authenticate-api-token.ts";

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());
beforeEach(() => resetDatabase(prisma));

describe("API tokens", () => {
  it("are shown once, stored only as a hash, and stand for their user until revoked", async () => {
    const alice = await seedUser(prisma);
    const { id, token } = await createApiToken(prisma, alice.id, { name: "CI deploy" });
    expect(token).toMatch(/^sba_[\w-]{43}$/);
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(hashOpaqueToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
    expect(JSON.stringify(await listApiTokens(prisma, alice.id))).not.toContain(token.slice(4));

    expect(await authenticateApiToken(prisma, token)).toMatchObject({ id: alice.id, readOnly: false });
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();

    await revokeApiToken(prisma, alice.id, id);
    expect(await authenticateApiToken(prisma, token)).toBeNull();
    expect(await listApiTokens(prisma, alice.id)).toEqual([]);
    const audit = await prisma.auditEvent.findMany({ where: { targetId: id }, orderBy: { at: "asc" } });
    expect(audit.map((event) => event.action)).toEqual(["api_token.created", "api_token.revoked"]);
    expect(JSON.stringify(audit)).not.toContain(token.slice(4));
  });

  it("refuse a gateway token, an unknown or expired one and a disabled user's; read-only ones say so", async () => {
    const [alice, bob] = [await seedUser(prisma), await seedUser(prisma)];
    const readOnly = await createApiToken(prisma, alice.id, { name: "dashboards", readOnly: true });
    expect(await authenticateApiToken(prisma, readOnly.token)).toMatchObject({ id: alice.id, readOnly: true });
    expect(await authenticateApiToken(prisma, `sba_${"x".repeat(43)}`)).toBeNull();
    const gatewayToken = `sbg_${"g".repeat(43)}`;
    await prisma.gatewayToken.create({
      data: { userId: alice.id, name: "laptop", tokenHash: hashOpaqueToken(gatewayToken), prefix: "sbg_ggggggg" },
    });
    expect(await authenticateApiToken(prisma, gatewayToken)).toBeNull();

    const expiring = await createApiToken(prisma, alice.id, { name: "a week", expiresInDays: 7 });
    expect(await authenticateApiToken(prisma, expiring.token, new Date(Date.now() + 8 * 86_400_000))).toBeNull();

    const bobs = await createApiToken(prisma, bob.id, { name: "bob" });
    await prisma.user.update({ where: { id: bob.id }, data: { disabledAt: new Date() } });
    expect(await authenticateApiToken(prisma, bobs.token)).toBeNull();

    // Someone else's token cannot be revoked by id, and says nothing about whose it is.
    await expect(revokeApiToken(prisma, alice.id, bobs.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuse a bad name with the field named, and more than 20 active tokens", async () => {
    const alice = await seedUser(prisma);
    await expect(createApiToken(prisma, alice.id, { name: "  " })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { name: expect.stringContaining("Name the token") },
    });
    await Promise.all(
      Array.from({ length: 20 }, (_, index) => createApiToken(prisma, alice.id, { name: `t${index}` })),
    );
    await expect(createApiToken(prisma, alice.id, { name: "one more" })).rejects.toMatchObject({ code: "conflict" });
    expect(await prisma.apiToken.count({ where: { userId: alice.id } })).toBe(20);
  });
});
