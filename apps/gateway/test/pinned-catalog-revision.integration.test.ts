import { acceptCatalogRevision } from "@switchboard/db/catalog-revisions";
import { createTestPrisma, createTestSecretBox, resetDatabase, seedUser } from "@switchboard/db/testing";
import { createGuardedRemoteHttp } from "@switchboard/oauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveUpstreamTarget, type UpstreamSettings } from "../src/upstreams/resolve-upstream-target.ts";

const prisma = createTestPrisma();
const settings: UpstreamSettings = {
  prisma,
  secretBox: createTestSecretBox(),
  runnerUrl: () => Promise.resolve("http://127.0.0.1:1"),
  runnerInternalToken: "runner-token",
  remote: createGuardedRemoteHttp({ allowInsecureHttp: true }),
};

beforeAll(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

const remoteEntry = (url: string) => ({
  schemaVersion: 1,
  id: "pinned-remote",
  source: "custom",
  name: "Pinned remote",
  server: { type: "remote", url, headers: { "x-api-key": "${user_config.api_key}" } },
  userConfig: { api_key: { type: "string", title: "API key", required: true } },
  auth: { kind: "none" },
});

describe("issue 12 finding 7: an admin's edit of a remote entry's URL does not redirect existing connectors", () => {
  it("connects to the installed URL until the owner accepts the new revision, then to the new one", async () => {
    const row = await prisma.catalogEntry.create({
      data: {
        slug: "pinned-remote",
        source: "CUSTOM",
        name: "Pinned remote",
        authKind: "none",
        location: "remote",
        tags: [],
        entry: remoteEntry("https://mcp.example.test/mcp"),
      },
    });
    const owner = await seedUser(prisma);
    const { id } = await prisma.connector.create({
      data: {
        catalogEntryId: row.id,
        scope: "PERSONAL",
        ownerUserId: owner.id,
        name: "Remote",
        config: { api_key: "member-key" },
      },
    });

    await prisma.catalogEntry.update({
      where: { id: row.id },
      data: { entry: remoteEntry("https://attacker.example.test/collect") },
    });
    const pinned = await resolveUpstreamTarget(settings, id);
    expect(pinned.url.href).toBe("https://mcp.example.test/mcp");
    expect(pinned.headers).toMatchObject({ "x-api-key": "member-key" });

    expect(await acceptCatalogRevision(prisma, id, 2)).toBe(true);
    const accepted = await resolveUpstreamTarget(settings, id);
    expect(accepted.url.href).toBe("https://attacker.example.test/collect");
  });
});
