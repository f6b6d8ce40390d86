import { saveOAuthCredential } from "@switchboard/db/credentials";
import {
  createTestPrisma,
  createTestSecretBox,
  resetDatabase,
  seedCatalogEntry,
  seedTeam,
  seedUser,
} from "@switchboard/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCredentialsByHealth } from "@/modules/admin-credentials/lib/list-credentials-by-health.ts";

const prisma = createTestPrisma();
const box = createTestSecretBox();
const ACCESS_TOKEN = "access-token-never-shown";
const REFRESH_TOKEN = "refresh-token-never-shown";
let admin: { id: string; isInstanceAdmin: boolean };
let member: { id: string; isInstanceAdmin: boolean };

async function seedCredential(
  name: string,
  owner: { ownerUserId: string } | { teamId: string },
  tokens: { refreshToken?: string; expiresInMs: number },
) {
  const catalogEntryId = (await seedCatalogEntry(prisma)).id;
  const connector = await prisma.connector.create({
    data: { catalogEntryId, scope: "teamId" in owner ? "TEAM" : "PERSONAL", name, ...owner },
  });
  const { id } = await saveOAuthCredential(prisma, box, connector.id, {
    accessToken: ACCESS_TOKEN,
    refreshToken: tokens.refreshToken,
    tokenType: "bearer",
    expiresAt: new Date(Date.now() + tokens.expiresInMs),
    issuer: "https://auth.example",
    tokenEndpoint: "https://auth.example/token",
  });
  return id;
}

beforeAll(async () => {
  await resetDatabase(prisma);
  admin = await seedUser(prisma, { isInstanceAdmin: true });
  member = await seedUser(prisma, { email: "member@example.test" });
  const team = await seedTeam(prisma, [{ userId: member.id, role: "OWNER" }], "Platform");
  await seedCredential("healthy", { ownerUserId: member.id }, { refreshToken: REFRESH_TOKEN, expiresInMs: 3_600_000 });
  await seedCredential("no refresh token", { teamId: team.id }, { expiresInMs: 86_400_000 });
  const failing = await seedCredential(
    "failing",
    { ownerUserId: member.id },
    { refreshToken: REFRESH_TOKEN, expiresInMs: 60_000 },
  );
  await prisma.oAuthCredential.update({
    where: { id: failing },
    data: { status: "FAILING", lastError: "auth.example is temporarily unavailable (HTTP 503).", failureCount: 3 },
  });
  const revoked = await seedCredential(
    "revoked",
    { ownerUserId: member.id },
    { refreshToken: REFRESH_TOKEN, expiresInMs: 60_000 },
  );
  await prisma.oAuthCredential.update({ where: { id: revoked }, data: { status: "NEEDS_REAUTH" } });
});

afterAll(() => prisma.$disconnect());

describe("admin credentials overview", () => {
  it("groups credentials by health with owner, expiry and errors, and never a token", async () => {
    const groups = await listCredentialsByHealth(prisma, admin);
    const names = Object.fromEntries(
      groups.map((group) => [group.health, group.credentials.map((credential) => credential.connectorName)]),
    );
    expect(names).toEqual({
      needs_reauth: ["revoked"],
      failing: ["failing"],
      expiring: ["no refresh token"],
      healthy: ["healthy"],
    });
    const failing = groups.find((group) => group.health === "failing")?.credentials[0];
    expect(failing).toMatchObject({
      owner: "member@example.test",
      failureCount: 3,
      lastError: expect.stringContaining("503"),
    });
    expect(groups.find((group) => group.health === "expiring")?.credentials[0]).toMatchObject({
      owner: "Team Platform",
      hasRefreshToken: false,
    });
    const serialized = JSON.stringify(groups);
    for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN, "sb1."]) expect(serialized).not.toContain(secret);
  });

  it("is for instance admins only", async () => {
    await expect(listCredentialsByHealth(prisma, member)).rejects.toMatchObject({ code: "forbidden" });
  });
});
