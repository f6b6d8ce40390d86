import { readFile } from "node:fs/promises";
import { builtinCatalog, type CatalogEntry } from "@switchboard/catalog";
import { createTestPrisma, resetDatabase, seedTeam, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { deleteEntry, setEntryEnabled, updateEntry } from "@/modules/admin-catalog/lib/manage-entry.ts";
import { previewImport } from "@/modules/admin-catalog/lib/preview-import.ts";
import { saveImport } from "@/modules/admin-catalog/lib/save-import.ts";
import { catalogQuerySchema, findCatalogEntries } from "@/modules/catalog/lib/find-catalog-entries.ts";
import { getCatalogEntry } from "@/modules/catalog/lib/get-catalog-entry.ts";
import { syncCatalogSource } from "@/modules/catalog/lib/sync-catalog-source.ts";

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());

const fixture = (path: string) =>
  readFile(new URL(`../../../packages/catalog/test/fixtures/${path}`, import.meta.url), "utf8");
const customServers = JSON.stringify({
  mcpServers: {
    "acme-notes": { command: "npx", args: ["-y", "@acme/notes-mcp"], env: { NOTES_DIR: "/data" } },
    "acme-remote": { url: "https://mcp.acme.example/mcp" },
  },
});
const query = (input: Record<string, unknown> = {}) => catalogQuerySchema.parse(input);

let admin: { id: string; isInstanceAdmin: boolean };
let member: { id: string; isInstanceAdmin: boolean };

beforeEach(async () => {
  await resetDatabase(prisma);
  await syncCatalogSource(prisma, "BUILTIN", builtinCatalog);
  admin = await seedUser(prisma, { isInstanceAdmin: true });
  member = await seedUser(prisma);
});

async function snapshot() {
  return prisma.catalogEntry.findMany({
    orderBy: { slug: "asc" },
    select: { slug: true, revision: true, entry: true, enabled: true },
  });
}

describe("built-in catalog sync", () => {
  it("stores every built-in entry once and is idempotent", async () => {
    expect(await prisma.catalogEntry.count({ where: { source: "BUILTIN" } })).toBe(builtinCatalog.length);
    const before = await snapshot();
    expect(await syncCatalogSource(prisma, "BUILTIN", builtinCatalog)).toEqual({ changed: 0, disabled: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it("bumps the revision of a changed entry and disables a vanished one", async () => {
    const [first, ...rest] = builtinCatalog;
    const changed = { ...rest[0]!, description: "changed" } as CatalogEntry;
    expect(await syncCatalogSource(prisma, "BUILTIN", [changed, ...rest.slice(1)])).toEqual({
      changed: 1,
      disabled: 1,
    });
    expect(await prisma.catalogEntry.findUnique({ where: { slug: first!.id } })).toMatchObject({ enabled: false });
    expect(await prisma.catalogEntry.findUnique({ where: { slug: changed.id } })).toMatchObject({
      revision: 2,
      description: "changed",
    });
  });
});

describe("findCatalogEntries", () => {
  it("searches name, description and tags case-insensitively, with every word required", async () => {
    const github = await findCatalogEntries(prisma, member.id, query({ q: "GitHub" }));
    expect(github.entries.map((e) => e.slug)).toContain("github");
    const none = await findCatalogEntries(prisma, member.id, query({ q: "github zzzz-no-such-word" }));
    expect(none.total).toBe(0);
  });

  it("filters by auth kind, location and category", async () => {
    const remote = await findCatalogEntries(prisma, member.id, query({ location: "remote", pageSize: 100 }));
    expect(remote.total).toBeGreaterThan(0);
    expect(remote.entries.every((e) => e.location === "remote")).toBe(true);
    const dcr = await findCatalogEntries(prisma, member.id, query({ auth: "remote_mcp_dcr", pageSize: 100 }));
    expect(dcr.entries.map((e) => e.slug)).toContain("linear");
    expect(dcr.entries.every((e) => e.authKind === "remote_mcp_dcr")).toBe(true);
    const category = remote.categories[0]!;
    const inCategory = await findCatalogEntries(prisma, member.id, query({ category, pageSize: 100 }));
    expect(inCategory.entries.every((e) => e.category === category)).toBe(true);
  });

  it("pages through everything exactly once", async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 10; page += 1) {
      const result = await findCatalogEntries(prisma, member.id, query({ page, pageSize: 7 }));
      seen.push(...result.entries.map((e) => e.slug));
      if (result.entries.length < 7) break;
    }
    expect(seen).toHaveLength(builtinCatalog.length);
    expect(new Set(seen).size).toBe(builtinCatalog.length);
  });

  it("marks entries installed personally or by the user's teams, and filters on it", async () => {
    const [memory, time] = await Promise.all(
      ["memory", "time"].map((slug) => prisma.catalogEntry.findUniqueOrThrow({ where: { slug } })),
    );
    const team = await seedTeam(prisma, [{ userId: member.id, role: "MEMBER" }]);
    await prisma.connector.create({
      data: { catalogEntryId: memory!.id, scope: "PERSONAL", ownerUserId: member.id, name: "m" },
    });
    await prisma.connector.create({ data: { catalogEntryId: time!.id, scope: "TEAM", teamId: team.id, name: "t" } });
    const installed = await findCatalogEntries(prisma, member.id, query({ installed: "yes" }));
    expect(installed.entries.map((e) => e.slug).sort()).toEqual(["memory", "time"]);
    expect(installed.entries.every((e) => e.installed)).toBe(true);
    const forAdmin = await findCatalogEntries(prisma, admin.id, query({ installed: "yes" }));
    expect(forAdmin.total).toBe(0);
    const notInstalled = await findCatalogEntries(prisma, member.id, query({ installed: "no", pageSize: 100 }));
    expect(notInstalled.total).toBe(builtinCatalog.length - 2);
  });

  it("hides disabled entries from search and detail", async () => {
    await setEntryEnabled(prisma, admin, "memory", false);
    expect(
      (await findCatalogEntries(prisma, member.id, query({ q: "memory" }))).entries.map((e) => e.slug),
    ).not.toContain("memory");
    await expect(getCatalogEntry(prisma, "memory")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("admin import", () => {
  it("previews, then saves, a seed Archestra entry and a registry server.json", async () => {
    const text = `[${await fixture("archestra/slack.json")}, ${await fixture("registry/time.json")}]`;
    const preview = await previewImport(prisma, admin, text);
    expect(preview.formats).toEqual(["archestra", "registry"]);
    expect(preview.items.map((i) => i.status)).toEqual(expect.arrayContaining(["new"]));
    const before = await prisma.catalogEntry.count();
    expect(before).toBe(builtinCatalog.length); // preview changes nothing
    const conflicts = preview.items.filter((i) => i.status === "conflict");
    if (conflicts.length) {
      await expect(saveImport(prisma, admin, text)).rejects.toMatchObject({ code: "conflict" });
      expect(await prisma.catalogEntry.count()).toBe(before);
    } else {
      expect(await saveImport(prisma, admin, text)).toEqual({ saved: 2, unchanged: 0 });
    }
  });

  it("saves new entries, then shows their changes as updates and bumps the revision", async () => {
    const text = customServers;
    const { items } = await previewImport(prisma, admin, text);
    const fresh = items.filter((i) => i.status === "new");
    expect(fresh.length).toBeGreaterThan(0);
    await saveImport(prisma, admin, JSON.stringify(JSON.parse(text)));
    const slug = fresh[0]!.entry.id;
    const stored = await getCatalogEntry(prisma, slug);
    expect(stored.source).toBe("CUSTOM");
    expect((await previewImport(prisma, admin, text)).items.find((i) => i.entry.id === slug)?.status).toBe("unchanged");

    const edited = { ...stored.entry, description: "Edited by an admin" };
    await updateEntry(prisma, admin, slug, JSON.stringify(edited));
    expect(await getCatalogEntry(prisma, slug)).toMatchObject({ revision: 2, description: "Edited by an admin" });
    const again = await previewImport(prisma, admin, text);
    expect(again.items.find((i) => i.entry.id === slug)).toMatchObject({
      status: "update",
      changedFields: ["description"],
    });
  });

  it("finding: a placeholder host's allowedHosts suggestion takes effect only once the admin accepts it in the preview", async () => {
    const text = JSON.stringify({ mcpServers: { tenant: { url: "https://${TENANT}.example.com/mcp" } } });
    const [item] = (await previewImport(prisma, admin, text)).items;
    expect(item).toMatchObject({ status: "new", suggestedAllowedHosts: ["*.example.com"] });
    expect(item!.entry.server).not.toHaveProperty("allowedHosts");
    const storedServer = async () => (await getCatalogEntry(prisma, item!.entry.id)).entry.server;

    await saveImport(prisma, admin, text);
    expect(await storedServer()).not.toHaveProperty("allowedHosts");

    const accepted = await previewImport(prisma, admin, text, undefined, [item!.entry.id]);
    expect(accepted.items[0]).toMatchObject({ status: "update", changedFields: ["server"] });
    expect(await saveImport(prisma, admin, text, undefined, [item!.entry.id])).toEqual({ saved: 1, unchanged: 0 });
    expect(await storedServer()).toMatchObject({ allowedHosts: ["*.example.com"] });

    // Accepting a suggestion the import does not make is refused, and nothing is saved.
    const before = await snapshot();
    await expect(saveImport(prisma, admin, customServers, undefined, ["acme-remote"])).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("acme-remote"),
    });
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["broken JSON", '{"mcpServers": {', /line 1/],
    ["an unknown format", '{"hello": "world"}', /unrecognized format/],
    ["a wrong type", '{"mcpServers": {"x": {"command": 42}}}', /command/],
    ["an empty paste", "   ", /Paste catalog JSON/],
  ])("rejects %s with a precise message and changes nothing", async (_label, text, message) => {
    const before = await snapshot();
    await expect(previewImport(prisma, admin, text)).rejects.toThrow(message);
    await expect(saveImport(prisma, admin, text)).rejects.toThrow(message);
    expect(await snapshot()).toEqual(before);
  });

  it("rejects a 10 MB payload before parsing it", async () => {
    const huge = `{"mcpServers": {"x": {"command": "node", "args": ["${"a".repeat(10 * 1024 * 1024)}"]}}}`;
    await expect(previewImport(prisma, admin, huge)).rejects.toThrow(/MB|too large|bytes/i);
  });

  it("never replaces built-in entries", async () => {
    const builtin = builtinCatalog.find((entry) => entry.id === "memory")!;
    const text = JSON.stringify({
      format: "switchboard-catalog",
      schemaVersion: 1,
      entries: [{ ...builtin, source: "custom", description: "hijacked" }],
    });
    const { items } = await previewImport(prisma, admin, text);
    expect(items[0]).toMatchObject({ status: "conflict" });
    await expect(saveImport(prisma, admin, text)).rejects.toThrow(/built-in or developer/);
    expect((await getCatalogEntry(prisma, "memory")).description).not.toBe("hijacked");
  });

  it("is for instance admins only", async () => {
    const text = await fixture("mcp-servers/cursor.json");
    await expect(previewImport(prisma, member, text)).rejects.toMatchObject({ code: "forbidden" });
    await expect(saveImport(prisma, member, text)).rejects.toMatchObject({ code: "forbidden" });
    await expect(setEntryEnabled(prisma, member, "memory", false)).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteEntry(prisma, member, "memory")).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateEntry(prisma, member, "memory", "{}")).rejects.toMatchObject({ code: "forbidden" });
  });

  it("deletes only unused admin entries", async () => {
    await expect(deleteEntry(prisma, admin, "memory")).rejects.toThrow(/disable them instead/);
    await saveImport(prisma, admin, customServers);
    const custom = await prisma.catalogEntry.findFirstOrThrow({ where: { source: "CUSTOM" } });
    await prisma.connector.create({
      data: { catalogEntryId: custom.id, scope: "PERSONAL", ownerUserId: member.id, name: "x" },
    });
    await expect(deleteEntry(prisma, admin, custom.slug)).rejects.toMatchObject({ code: "conflict" });
    await prisma.connector.deleteMany();
    await deleteEntry(prisma, admin, custom.slug);
    expect(await prisma.catalogEntry.findUnique({ where: { slug: custom.slug } })).toBeNull();
  });

  it("refuses edits that are invalid or change the id", async () => {
    await saveImport(prisma, admin, customServers);
    const custom = await prisma.catalogEntry.findFirstOrThrow({ where: { source: "CUSTOM" } });
    const entry = custom.entry as Record<string, unknown>;
    await expect(updateEntry(prisma, admin, custom.slug, "{nope")).rejects.toThrow(/Not valid JSON/);
    await expect(updateEntry(prisma, admin, custom.slug, JSON.stringify({ ...entry, id: "other-id" }))).rejects.toThrow(
      /cannot change/,
    );
    await expect(updateEntry(prisma, admin, custom.slug, JSON.stringify({ ...entry, name: 7 }))).rejects.toThrow(
      /name/,
    );
    expect((await prisma.catalogEntry.findUniqueOrThrow({ where: { id: custom.id } })).revision).toBe(1);
  });
});
