import type { Connector } from "@switchboard/db";
import { readConnectorSecretConfig, sealConnectorSecretConfig } from "@switchboard/db/credentials";
import { createTestPrisma, createTestSecretBox, resetDatabase, seedTeam, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { updateConnectorSettings } from "@/modules/connectors/lib/update-connector-settings.ts";

// Found in the UX walk: a connector's settings could not be changed once installed, so a mistyped
// API key or directory meant uninstalling and installing again.
const prisma = createTestPrisma();
const box = createTestSecretBox();
afterAll(() => prisma.$disconnect());
beforeEach(() => resetDatabase(prisma));

const actor = (user: { id: string; isInstanceAdmin: boolean }) => ({ id: user.id, isInstanceAdmin: user.isInstanceAdmin }); // prettier-ignore
const KEY = "sk-live-0123456789abcdef";
const NEW_KEY = "sk-live-fedcba9876543210";

function entry(auth: object = { kind: "api_key", fields: ["api_key"] }) {
  return {
    schemaVersion: 1,
    id: "weather",
    source: "custom",
    name: "Weather",
    server: { type: "local", runtime: "image", image: "weather:1", env: { API_URL: "${user_config.api_url}", API_KEY: "${user_config.api_key}" } }, // prettier-ignore
    userConfig: {
      api_url: { type: "string", title: "API URL", required: true },
      units: { type: "string", title: "Units", required: false, enum: ["metric", "imperial"] },
      api_key: { type: "string", title: "API key", required: true, secret: true },
    },
    auth,
  };
}

async function seed(options: { auth?: object; desiredState?: "RUNNING" | "STOPPED" } = {}) {
  const [owner, teamAdmin, member, stranger] = await Promise.all([seedUser(prisma), seedUser(prisma), seedUser(prisma), seedUser(prisma)]); // prettier-ignore
  const team = await seedTeam(prisma, [
    { userId: teamAdmin.id, role: "ADMIN" },
    { userId: member.id, role: "MEMBER" },
  ]);
  const row = await prisma.catalogEntry.create({
    data: { slug: "weather", source: "CUSTOM", name: "Weather", authKind: "api_key", location: "local", tags: [], entry: entry(options.auth) }, // prettier-ignore
  });
  const create = async (data: { scope: "PERSONAL" | "TEAM"; ownerUserId?: string; teamId?: string }) => {
    const id = crypto.randomUUID();
    return prisma.connector.create({
      data: {
        id,
        catalogEntryId: row.id,
        name: "Weather",
        status: "RUNNING",
        desiredState: options.desiredState ?? "RUNNING",
        config: { api_url: "https://api.weather.example" },
        secretConfigCiphertext: sealConnectorSecretConfig(box, id, { api_key: KEY }),
        ...data,
      },
    });
  };
  return {
    personal: await create({ scope: "PERSONAL", ownerUserId: owner.id }),
    shared: await create({ scope: "TEAM", teamId: team.id }),
    owner: actor(owner),
    teamAdmin: actor(teamAdmin),
    member: actor(member),
    stranger: actor(stranger),
  };
}

function update(who: { id: string; isInstanceAdmin: boolean }, connectorId: string, settings: Record<string, string>) {
  const restarted: Connector[] = [];
  const result = updateConnectorSettings(prisma, box, who, { connectorId, settings }, async (connector) => {
    restarted.push(connector);
  });
  return { result, restarted };
}

describe("changing a connector's settings", () => {
  it("replaces a secret left alone by everything else, keeps what was not typed, audits names only and restarts", async () => {
    const { personal, owner } = await seed();
    const { result, restarted } = update(owner, personal.id, { api_url: "https://api.weather.example", api_key: NEW_KEY, units: "" }); // prettier-ignore
    expect(await result).toEqual(["api_key"]);
    expect(await readConnectorSecretConfig(prisma, box, personal.id)).toEqual({ api_key: NEW_KEY });
    expect(restarted.map((connector) => [connector.id, connector.status])).toEqual([[personal.id, "QUEUED"]]);

    const unit = update(owner, personal.id, { api_url: "https://api.weather.example", units: "imperial", api_key: NEW_KEY }); // prettier-ignore
    expect(await unit.result).toEqual(["units"]);
    const stored = await prisma.connector.findUniqueOrThrow({ where: { id: personal.id } });
    expect(stored.config).toEqual({ api_url: "https://api.weather.example", units: "imperial" });
    expect(await readConnectorSecretConfig(prisma, box, personal.id)).toEqual({ api_key: NEW_KEY });

    const audits = await prisma.auditEvent.findMany({ where: { action: "installation.settings_changed" }, orderBy: { at: "asc" } }); // prettier-ignore
    expect(audits.map((event) => event.metadata)).toEqual([
      { catalogEntry: "weather", settings: ["api_key"] },
      { catalogEntry: "weather", settings: ["units"] },
    ]);
    expect(JSON.stringify(audits)).not.toContain(NEW_KEY);
    expect(JSON.stringify(stored)).not.toContain(NEW_KEY);
  });

  it("finding: another setting changes only with the secrets typed again, so nobody points a colleague's key elsewhere", async () => {
    const { shared, teamAdmin } = await seed();
    const attempt = update(teamAdmin, shared.id, { api_url: "https://collector.attacker.example" });
    await expect(attempt.result).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { api_key: expect.stringContaining("again") },
    });
    const stored = await prisma.connector.findUniqueOrThrow({ where: { id: shared.id } });
    expect(stored.config).toEqual({ api_url: "https://api.weather.example" });
    expect(attempt.restarted).toEqual([]);
    // Typed again (their own key), the change is theirs to make.
    expect(await update(teamAdmin, shared.id, { api_url: "https://other.example", api_key: NEW_KEY }).result).toEqual(["api_url", "api_key"]); // prettier-ignore
  });

  it("finding: a secret setting that says where the others go (a URL with its token) changes only with the others typed again too", async () => {
    // An entry whose endpoint is secret itself (it carries a token): changing only that secret left
    // the colleague's api_key in place, sent to whatever endpoint the team admin typed.
    const { shared, teamAdmin } = await seed();
    const withSecretUrl = entry();
    withSecretUrl.userConfig.api_url = { ...withSecretUrl.userConfig.api_url, secret: true } as typeof withSecretUrl.userConfig.api_url; // prettier-ignore
    await prisma.catalogEntry.updateMany({ data: { entry: withSecretUrl } });
    const [latest] = await prisma.catalogEntryRevision.findMany({ orderBy: { revision: "desc" }, take: 1 });
    await prisma.connector.update({
      where: { id: shared.id },
      data: { catalogRevision: latest!.revision, config: {}, secretConfigCiphertext: sealConnectorSecretConfig(box, shared.id, { api_url: "https://api.weather.example/?token=abc123", api_key: KEY }) }, // prettier-ignore
    });
    const attempt = update(teamAdmin, shared.id, { api_url: "https://collector.attacker.example" });
    await expect(attempt.result).rejects.toMatchObject({ fieldErrors: { api_key: expect.stringContaining("again") } });
    expect(await readConnectorSecretConfig(prisma, box, shared.id)).toMatchObject({ api_url: "https://api.weather.example/?token=abc123" }); // prettier-ignore
  });

  it("refuses people who may not manage it, bad values with the field named, and OAuth connectors, storing nothing", async () => {
    const { personal, shared, owner, member, stranger } = await seed({ desiredState: "STOPPED" });
    await expect(update(stranger, personal.id, { api_key: NEW_KEY }).result).rejects.toMatchObject({ code: "not_found" }); // prettier-ignore
    await expect(update(member, shared.id, { api_key: NEW_KEY }).result).rejects.toMatchObject({ code: "forbidden" });
    await expect(update(owner, personal.id, { units: "kelvin", api_key: NEW_KEY }).result).rejects.toMatchObject({
      fieldErrors: { units: expect.any(String) },
    });
    await expect(update(owner, personal.id, { nope: "1" }).result).rejects.toMatchObject({ fieldErrors: { nope: expect.any(String) } }); // prettier-ignore
    // Stopped: saved without a restart.
    const stopped = update(owner, personal.id, { api_url: "https://api.weather.example", api_key: NEW_KEY });
    expect(await stopped.result).toEqual(["api_key"]);
    expect(stopped.restarted).toEqual([]);
    expect((await prisma.connector.findUniqueOrThrow({ where: { id: personal.id } })).status).toBe("RUNNING");

    await resetDatabase(prisma);
    const oauth = await seed({
      auth: { kind: "oauth2_generic", providerId: "acme", authorizationUrl: "https://auth.acme.example/authorize", tokenUrl: "https://auth.acme.example/token", delivery: [{ kind: "env", accessTokenEnvVar: "ACME_TOKEN" }] }, // prettier-ignore
    });
    await expect(update(oauth.owner, oauth.personal.id, { api_key: NEW_KEY }).result).rejects.toMatchObject({ code: "conflict" }); // prettier-ignore
    expect(await readConnectorSecretConfig(prisma, box, oauth.personal.id)).toEqual({ api_key: KEY });
  });
});
