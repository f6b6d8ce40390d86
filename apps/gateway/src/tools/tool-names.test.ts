import { describe, expect, it } from "vitest";
import { listNamespacedTools } from "./namespaced-tools.ts";
import { buildToolRoutes } from "./tool-names.ts";
import type { VisibleConnector } from "./visible-connectors.ts";

function connector(id: string, name: string, toolNames: string[]): VisibleConnector {
  const tools = toolNames.map((toolName) => ({ name: toolName, inputSchema: { type: "object" as const } }));
  return { id, name, location: "local", tools, updatedAt: new Date(0), ready: true };
}

function catalogOf(connectors: VisibleConnector[]) {
  const { prefixes, routes } = buildToolRoutes(connectors);
  const listed = listNamespacedTools({ connectors, prefixes, connectorIds: new Map(), routes, fingerprint: "" });
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
});
