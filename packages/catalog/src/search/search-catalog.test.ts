import { describe, expect, it } from "vitest";
import { localEntry, remoteEntry } from "../../test/entries.ts";
import { builtinCatalog } from "../builtin/index.ts";
import { indexCatalog } from "./index-catalog.ts";
import { searchCatalog } from "./search-catalog.ts";

const entries = [
  localEntry({ id: "cafe", name: "Café Orders", description: "Coffee orders", tags: ["food"], category: "Commerce" }),
  localEntry({ id: "git", name: "Git", description: "Local repositories", tags: ["vcs"], category: "Development" }),
  localEntry({
    id: "github-local",
    name: "GitHub (container)",
    description: "Issues and PRs",
    tags: ["git"],
    category: "Development",
  }),
  remoteEntry({ id: "github", name: "GitHub", description: "Hosted GitHub server", tags: ["git"], category: "Development", auth: { kind: "remote_mcp_dcr" } }), // prettier-ignore
  remoteEntry({ id: "notes", name: "Notes", description: "Keeps notes, mentions git once", category: "Knowledge" }),
];
const index = indexCatalog(entries);
const ids = (query: Parameters<typeof searchCatalog>[1], page = {}) =>
  searchCatalog(index, query, page).items.map((hit) => hit.entry.id);

describe("searchCatalog", () => {
  it("lists everything by name without a query", () => {
    expect(ids({})).toEqual(["cafe", "git", "github", "github-local", "notes"]);
  });

  it("ranks exact and prefix name matches above tag and description matches", () => {
    expect(ids({ q: "git" })).toEqual(["git", "github", "github-local", "notes"]);
    expect(ids({ q: "GITHUB container" })).toEqual(["github-local"]);
  });

  it("ignores case and accents", () => {
    expect(ids({ q: "cafe" })).toEqual(["cafe"]);
    expect(ids({ q: "CAFÉ" })).toEqual(["cafe"]);
  });

  it("requires every word to match somewhere", () => {
    expect(ids({ q: "git coffee" })).toEqual([]);
    expect(ids({ q: "issues prs" })).toEqual(["github-local"]);
  });

  it("filters by category, auth kind, location and installed state", () => {
    expect(ids({ category: "development" })).toEqual(["git", "github", "github-local"]);
    expect(ids({ authKind: "remote_mcp_dcr" })).toEqual(["github"]);
    expect(ids({ location: "remote" })).toEqual(["github", "notes"]);
    expect(ids({ installedIds: ["git", "notes"], installed: true })).toEqual(["git", "notes"]);
    expect(ids({ installedIds: ["git", "notes"], installed: false, q: "git" })).toEqual(["github", "github-local"]);
    const hits = searchCatalog(index, { q: "git", installedIds: new Set(["github"]) }).items;
    expect(hits.map((hit) => [hit.entry.id, hit.installed])).toEqual([
      ["git", false],
      ["github", true],
      ["github-local", false],
      ["notes", false],
    ]);
  });

  it("pages results and clamps page requests", () => {
    expect(searchCatalog(index, {}, { page: 2, pageSize: 2 })).toMatchObject({
      total: 5,
      page: 2,
      pageSize: 2,
      pageCount: 3,
    });
    expect(ids({}, { page: 2, pageSize: 2 })).toEqual(["github", "github-local"]);
    expect(ids({}, { page: 9, pageSize: 2 })).toEqual([]);
    expect(searchCatalog(index, {}, { page: -3, pageSize: 1000 })).toMatchObject({ page: 1, pageSize: 100 });
    expect(searchCatalog(index, {}, { page: Number.NaN, pageSize: 0 })).toMatchObject({ page: 1, pageSize: 1 });
  });

  it("collects sorted categories for a filter list", () => {
    expect(index.categories).toEqual(["Commerce", "Development", "Knowledge"]);
  });

  it("searches the built-in catalog quickly enough to run per keystroke", () => {
    const large = indexCatalog(Array.from({ length: 100 }, () => builtinCatalog).flat());
    const started = performance.now();
    const page = searchCatalog(large, { q: "postgres data" });
    expect(page.items[0]?.entry.id).toBe("postgres");
    expect(performance.now() - started).toBeLessThan(250);
  });
});
