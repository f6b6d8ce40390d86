import { describe, expect, it } from "vitest";
import type { GatewayPrincipal } from "../auth/authenticate.ts";
import type { VisibleConnector } from "../tools/visible-connectors.ts";
import { SessionRoutes } from "./session-routes.ts";

const principal: GatewayPrincipal = { tokenId: "token", userId: "user", connectorIds: null };

/** A fresh read of the database: equal content, new objects every time. */
function readConnectors(description = "Echoes its message"): VisibleConnector[] {
  return [
    {
      id: "c0ffee00-0000-4000-8000-000000000001",
      name: "Notes",
      location: "local",
      tools: [{ name: "echo", description, inputSchema: { type: "object" } }],
      updatedAt: new Date("2026-12-01T00:00:00Z"),
      ready: true,
    },
  ];
}

describe("SessionRoutes", () => {
  it("sessions that read the same connectors share one catalog", async () => {
    const [first, second] = [1, 2].map(() => new SessionRoutes(principal, async () => readConnectors()));
    const catalog = await first!.current();
    expect(await second!.current()).toBe(catalog);
    expect([...catalog.routes.keys()]).toEqual(["notes__echo"]);
  });

  it("a session whose read differs in anything gets its own catalog", async () => {
    const shared = await new SessionRoutes(principal, async () => readConnectors()).current();
    const changed = await new SessionRoutes(principal, async () => readConnectors("Echoes it back")).current();
    expect(changed).not.toBe(shared);
    expect(changed.connectors[0]!.tools[0]!.description).toBe("Echoes it back");
    const restarting = await new SessionRoutes(principal, async () => [{ ...readConnectors()[0]!, ready: false }]).current(); // prettier-ignore
    expect(restarting).not.toBe(shared);
    expect(restarting.routes.get("notes__echo")!.ready).toBe(false);
  });
});
