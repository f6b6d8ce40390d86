import { describe, expect, it } from "vitest";
import { AGGREGATE_NAMING } from "./connector-naming.ts";
import { listNamespacedTools } from "./namespaced-tools.ts";
import { buildToolRoutes } from "./tool-names.ts";
import type { VisibleConnector } from "./visible-connectors.ts";

function connector(id: string, name: string, toolNames: string[]): VisibleConnector {
  const tools = toolNames.map((toolName) => ({ name: toolName, inputSchema: { type: "object" as const } }));
  return { id, name, location: "local", tools, updatedAt: new Date(0), ready: true };
}

function catalogOf(connectors: VisibleConnector[]) {
  const { prefixes, routes } = buildToolRoutes(connectors);
  const listed = listNamespacedTools({ connectors, prefixes, connectorIds: new Map(), routes, naming: AGGREGATE_NAMING, fingerprint: "" }); // prettier-ignore
  return { routes, names: listed.map((tool) => tool.name) };
}

describe("gateway tool names", () => {
  it("are <connector>__<tool>, with the id's start when two connectors share a name", () => {
    const { names, routes } = catalogOf([
      connector("0a1b2c3d-0000-4000-8000-000000000001", "GitHub", ["search"]),
      connector("9f8e7d6c-0000-4000-8000-000000000002", "GitHub", ["search"]),
    ]);
    expect(names).toEqual(["github_0a1b2c__search", "github_9f8e7d__search"]);
    expect(routes.get("github_9f8e7d__search")).toMatchObject({ connectorId: "9f8e7d6c-0000-4000-8000-000000000002", toolName: "search" }); // prettier-ignore
  });

  it("finding: stay within the 64 characters clients accept, and still reach the tool they name", () => {
    // Anthropic's and OpenAI's APIs refuse a tool named longer than 64 characters (^[a-zA-Z0-9_-]{1,64}$),
    // and one such name fails the client's whole request, so every tool of every connector is lost.
    const long = "list_calendar_events_for_a_shared_calendar_with_attendees";
    const longToo = "list_calendar_events_for_a_shared_calendar_without_attendees";
    const pair = [
      connector("0a1b2c3d-0000-4000-8000-000000000001", "Google Workspace (Calendar)", [long, longToo, "now"]),
      connector("9f8e7d6c-0000-4000-8000-000000000002", "Google Workspace (Calendar)", ["now"]),
    ];
    const { names, routes } = catalogOf(pair);
    expect(names.every((name) => name.length <= 64 && /^[a-zA-Z0-9_-]+$/.test(name))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    expect(names[2]).toBe("google_workspace_calenda_0a1b2c__now");
    expect(names.slice(0, 2).map((name) => routes.get(name)?.toolName)).toEqual([long, longToo]);
    // The same on every gateway instance and after every rebuild.
    expect(catalogOf(pair).names).toEqual(names);
  });
  it("finding: a connector named like another's id-suffixed prefix does not take over its tools", () => {
    // Two team connectors named GitHub are github_0a1b2c and github_9f8e7d; a member names a third
    // "GitHub 0a1b2c", whose own name gives github_0a1b2c: its search answered the first one's calls.
    const { names, routes } = catalogOf([
      connector("0a1b2c3d-0000-4000-8000-000000000001", "GitHub", ["search"]),
      connector("9f8e7d6c-0000-4000-8000-000000000002", "GitHub", ["search"]),
      connector("5e5e5e5e-0000-4000-8000-000000000003", "GitHub 0a1b2c", ["search"]),
    ]);
    expect(new Set(names).size).toBe(3);
    expect(routes.get("github_0a1b2c__search")?.connectorId).toBe("0a1b2c3d-0000-4000-8000-000000000001");
    expect(routes.get("github_0a1b2c_5e5e5e__search")?.connectorId).toBe("5e5e5e5e-0000-4000-8000-000000000003");
  });

  it("finding: a name cut at 24 characters ends without an underscore, so no other connector's tool can spell its names", () => {
    // "Google Workspace Calend r" is cut to google_workspace_calend_; a connector named with those 23
    // characters before it and a tool "_now" spelled the same google_workspace_calend___now.
    const { names, routes } = catalogOf([
      connector("0a1b2c3d-0000-4000-8000-000000000001", "Google Workspace Calend r", ["now"]),
      connector("9f8e7d6c-0000-4000-8000-000000000002", "Google Workspace Calend", ["_now"]),
    ]);
    expect(new Set(names).size).toBe(2);
    expect(names.map((name) => routes.get(name)?.connectorId)).toEqual([
      "0a1b2c3d-0000-4000-8000-000000000001",
      "9f8e7d6c-0000-4000-8000-000000000002",
    ]);
  });
});
