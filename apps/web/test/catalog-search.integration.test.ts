import { parseCatalogEntry, type CatalogEntryInput } from "@switchboard/catalog";
import { Prisma } from "@switchboard/db";
import { createTestPrisma, resetDatabase, seedTeam, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { toCatalogRow } from "@/modules/catalog/lib/catalog-row.ts";
import { catalogQuerySchema, findCatalogEntries } from "@/modules/catalog/lib/find-catalog-entries.ts";
import { catalogSearchSql, type CatalogRowQuery } from "@/modules/catalog/lib/search-catalog-rows.ts";

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());

function entry(overrides: Partial<CatalogEntryInput>) {
  return parseCatalogEntry({
    schemaVersion: 1,
    source: "custom",
    server: { type: "local", runtime: "node", command: "npx", args: ["-y", "demo-mcp"] },
    auth: { kind: "none" },
    ...overrides,
  } as CatalogEntryInput);
}
const remote = { server: { type: "remote", url: "https://mcp.example.com/mcp" } } as const;
const entries = [
  entry({ id: "cafe", name: "Café Orders", description: "Coffee orders", tags: ["food"], category: "Commerce" }),
  entry({ id: "git", name: "Git", description: "Local repositories", tags: ["vcs"], category: "Development" }),
  entry({ id: "github-local", name: "GitHub (container)", description: "Issues and PRs", tags: ["git"], category: "Development" }), // prettier-ignore
  entry({ id: "github", name: "GitHub", description: "Hosted GitHub server", tags: ["git"], category: "Development", auth: { kind: "remote_mcp_dcr" }, ...remote }), // prettier-ignore
  entry({
    id: "notes",
    name: "Notes",
    description: "Keeps notes, mentions git once",
    category: "Knowledge",
    ...remote,
  }),
];

let member: { id: string };
beforeAll(async () => {
  await resetDatabase(prisma);
  await prisma.catalogEntry.createMany({ data: entries.map(toCatalogRow) });
  member = await seedUser(prisma);
});

const slugs = async (input: Record<string, unknown>) =>
  (await findCatalogEntries(prisma, member.id, catalogQuerySchema.parse(input))).entries.map((e) => e.slug);

describe("catalog search in Postgres", () => {
  it("lists everything by name without a query", async () => {
    expect(await slugs({})).toEqual(["cafe", "git", "github", "github-local", "notes"]);
  });

  it("ranks exact and prefix name matches above tag and description matches", async () => {
    expect(await slugs({ q: "git" })).toEqual(["git", "github", "github-local", "notes"]);
    expect(await slugs({ q: "GITHUB container" })).toEqual(["github-local"]);
  });

  it("orders hits by the best field the word is in, whatever their names' order", async () => {
    const ranked = [
      entry({ id: "rank-1", name: "Tide" }),
      entry({ id: "rank-2", name: "Tides and currents" }),
      entry({ id: "rank-3", name: "Low tide" }),
      entry({ id: "rank-4", name: "Hhh", tags: ["tide"] }),
      entry({ id: "rank-5", name: "Riptides" }),
      entry({ id: "rank-tide", name: "Fff" }),
      entry({ id: "rank-7", name: "Eee", tags: ["tidewater"] }),
      entry({ id: "rank-8", name: "Ddd", category: "Tidelands" }),
      entry({ id: "rank-9", name: "Ccc", description: "Mentions the tide" }),
    ];
    await prisma.catalogEntry.createMany({ data: ranked.map(toCatalogRow) });
    onTestFinished(() => prisma.catalogEntry.deleteMany({ where: { slug: { startsWith: "rank-" } } }).then(() => {}));
    expect(await slugs({ q: "tide" })).toEqual(ranked.map((e) => e.id));
  });

  it("ignores case and accents", async () => {
    expect(await slugs({ q: "cafe" })).toEqual(["cafe"]);
    expect(await slugs({ q: "CAFÉ" })).toEqual(["cafe"]);
  });

  it("requires every word to match somewhere, and takes LIKE wildcards literally", async () => {
    expect(await slugs({ q: "git coffee" })).toEqual([]);
    expect(await slugs({ q: "issues prs" })).toEqual(["github-local"]);
    expect(await slugs({ q: "g_t" })).toEqual([]);
    expect(await slugs({ q: "%" })).toEqual([]);
  });

  it("filters by category, auth kind, location and installed state", async () => {
    expect(await slugs({ category: "Development" })).toEqual(["git", "github", "github-local"]);
    expect(await slugs({ auth: "remote_mcp_dcr" })).toEqual(["github"]);
    expect(await slugs({ location: "remote" })).toEqual(["github", "notes"]);
    const team = await seedTeam(prisma, [{ userId: member.id, role: "MEMBER" }]);
    const [git, notes] = await Promise.all(
      ["git", "notes"].map((slug) => prisma.catalogEntry.findUniqueOrThrow({ where: { slug } })),
    );
    await prisma.connector.create({
      data: { catalogEntryId: git!.id, scope: "PERSONAL", ownerUserId: member.id, name: "g" },
    });
    await prisma.connector.create({
      data: { catalogEntryId: notes!.id, scope: "TEAM", teamId: team.id, name: "n" },
    });
    onTestFinished(() => prisma.connector.deleteMany().then(() => {}));
    expect(await slugs({ installed: "yes" })).toEqual(["git", "notes"]);
    expect(await slugs({ installed: "no", q: "git" })).toEqual(["github", "github-local"]);
    const hits = await findCatalogEntries(prisma, member.id, catalogQuerySchema.parse({ q: "git" }));
    expect(hits.entries.map((hit) => [hit.slug, hit.installed])).toEqual([
      ["git", true],
      ["github", false],
      ["github-local", false],
      ["notes", true],
    ]);
  });

  it("pages results and counts them past the last page", async () => {
    const page = (p: number) =>
      findCatalogEntries(prisma, member.id, catalogQuerySchema.parse({ page: p, pageSize: 2 }));
    expect(await page(2)).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect((await page(2)).entries.map((e) => e.slug)).toEqual(["github", "github-local"]);
    expect(await page(9)).toMatchObject({ total: 5, entries: [] });
  });

  it("collects sorted categories for a filter list", async () => {
    const result = await findCatalogEntries(prisma, member.id, catalogQuerySchema.parse({ q: "zzz" }));
    expect(result.categories).toEqual(["Commerce", "Development", "Knowledge"]);
  });

  it("keeps an entry's search columns in step when it is edited or disabled", async () => {
    await prisma.catalogEntry.update({ where: { slug: "notes" }, data: { name: "Zettelkasten" } });
    expect(await slugs({ q: "zettel" })).toEqual(["notes"]);
    await prisma.catalogEntry.update({ where: { slug: "notes" }, data: { enabled: false } });
    expect(await slugs({ q: "zettel" })).toEqual([]);
    await prisma.catalogEntry.update({ where: { slug: "notes" }, data: { name: "Notes", enabled: true } });
  });
});

describe("catalog search plans", () => {
  // A few thousand rows and fresh statistics, so the planner weighs the indexes against a scan as
  // it would in a real catalog. The checks are on the shape of the plan of the statement the app
  // runs, not on timings.
  const plan = async (input: Omit<CatalogRowQuery, "installedSlugs" | "page" | "pageSize">) => {
    const sql = catalogSearchSql({ ...input, installedSlugs: [], page: 1, pageSize: 24 });
    const rows = await prisma.$queryRaw<Array<{ "QUERY PLAN": string }>>(Prisma.sql`EXPLAIN ${sql}`);
    return rows.map((row) => row["QUERY PLAN"]).join("\n");
  };

  it("finds words through the trigram index and browses from the browse index alone", async () => {
    const many = Array.from(
      { length: 2000 },
      (_, i) =>
      toCatalogRow(entry({ id: `bulk-${i}`, name: `Bulk server ${i}`, description: `Fixture number ${i}`, tags: [`t${i % 50}`] })), // prettier-ignore
    );
    await prisma.catalogEntry.createMany({ data: many });
    onTestFinished(() => prisma.catalogEntry.deleteMany({ where: { slug: { startsWith: "bulk-" } } }).then(() => {}));
    await prisma.$executeRawUnsafe(`VACUUM ANALYZE "CatalogEntry"`);
    const search = await plan({ q: "number 1234" });
    expect(search).toMatch(/Bitmap Index Scan on "CatalogEntry_searchText_idx"/);
    expect(search).not.toMatch(/Seq Scan on "CatalogEntry"/);
    const browse = await plan({ authKind: "none", location: "local" });
    expect(browse).toMatch(/Index Only Scan using "CatalogEntry_browse_idx"/);
    expect(browse).not.toMatch(/Seq Scan on "CatalogEntry"/);
    expect((await findCatalogEntries(prisma, member.id, catalogQuerySchema.parse({ q: "number 1234" }))).total).toBe(1);
  });
});
