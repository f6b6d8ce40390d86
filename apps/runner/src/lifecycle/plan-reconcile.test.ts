import { describe, expect, it } from "vitest";
import type { ManagedContainer } from "../runtime/runtime.ts";
import { planReconcile } from "./plan-reconcile.ts";
import type { ReconcileInput, ReconcileConnector } from "./plan-reconcile.ts";

const now = new Date("2026-05-01T12:00:00Z");
const ME = "runner-a";

function connector(id: string, fields: Partial<ReconcileConnector> = {}): ReconcileConnector {
  return {
    id,
    desiredState: "RUNNING",
    status: "RUNNING",
    runnerId: ME,
    restartCount: 0,
    lastStartedAt: new Date(now.getTime() - 60_000),
    updatedAt: now,
    ...fields,
  };
}

function container(connectorId: string, state: ManagedContainer["state"] = "running"): ManagedContainer {
  return { connectorId, runnerId: ME, containerId: `c-${connectorId}`, specHash: "hash", state };
}

function plan(input: Partial<ReconcileInput>) {
  return planReconcile({
    runnerId: ME,
    containers: [],
    connectors: [],
    attached: new Set(),
    adopted: new Set(),
    now,
    ...input,
  });
}

describe("planReconcile", () => {
  it("leaves another runner's connector alone and removes a container this runner still has of it", () => {
    const theirs = connector("i1", { runnerId: "runner-b" });
    expect(plan({ connectors: [theirs] })).toEqual([]);
    expect(plan({ connectors: [theirs], containers: [container("i1")] })).toEqual([
      { kind: "remove", connectorId: "i1" },
    ]);
  });

  it("starts adopted connectors at once, without counting a crash, when they ran or were starting", () => {
    const ran = connector("ran", { restartCount: 4 });
    const starting = connector("starting", { status: "STARTING" });
    expect(plan({ connectors: [ran, starting], adopted: new Set(["ran", "starting"]) })).toEqual([
      { kind: "start", connectorId: "ran", claim: false },
      { kind: "start", connectorId: "starting", claim: false },
    ]);
  });

  it("does not start adopted connectors that wait for the user or failed for good", () => {
    const waiting = connector("reauth", { status: "NEEDS_REAUTH" });
    const failed = connector("failed", { status: "ERROR" });
    expect(plan({ connectors: [waiting, failed], adopted: new Set(["reauth", "failed"]) })).toEqual([]);
  });

  it("restarts its own connector whose container exited", () => {
    expect(plan({ connectors: [connector("i1")], containers: [container("i1", "exited")] })).toEqual([
      expect.objectContaining({ kind: "restart", connectorId: "i1" }),
    ]);
  });
});
