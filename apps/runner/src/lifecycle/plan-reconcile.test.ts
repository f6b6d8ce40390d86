import { describe, expect, it } from "vitest";
import type { ManagedContainer } from "../runtime/runtime.ts";
import { planReconcile } from "./plan-reconcile.ts";
import type { ReconcileInput, ReconcileInstallation } from "./plan-reconcile.ts";

const now = new Date("2026-05-01T12:00:00Z");
const ME = "runner-a";

function installation(id: string, fields: Partial<ReconcileInstallation> = {}): ReconcileInstallation {
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

function container(installationId: string, state: ManagedContainer["state"] = "running"): ManagedContainer {
  return { installationId, runnerId: ME, containerId: `c-${installationId}`, specHash: "hash", state };
}

function plan(input: Partial<ReconcileInput>) {
  return planReconcile({
    runnerId: ME,
    containers: [],
    installations: [],
    attached: new Set(),
    adopted: new Set(),
    now,
    ...input,
  });
}

describe("planReconcile", () => {
  it("leaves another runner's installation alone and removes a container this runner still has of it", () => {
    const theirs = installation("i1", { runnerId: "runner-b" });
    expect(plan({ installations: [theirs] })).toEqual([]);
    expect(plan({ installations: [theirs], containers: [container("i1")] })).toEqual([
      { kind: "remove", installationId: "i1" },
    ]);
  });

  it("starts adopted installations at once, without counting a crash, when they ran or were starting", () => {
    const ran = installation("ran", { restartCount: 4 });
    const starting = installation("starting", { status: "STARTING" });
    expect(plan({ installations: [ran, starting], adopted: new Set(["ran", "starting"]) })).toEqual([
      { kind: "start", installationId: "ran", claim: false },
      { kind: "start", installationId: "starting", claim: false },
    ]);
  });

  it("does not start adopted installations that wait for the user or failed for good", () => {
    const waiting = installation("reauth", { status: "NEEDS_REAUTH" });
    const failed = installation("failed", { status: "ERROR" });
    expect(plan({ installations: [waiting, failed], adopted: new Set(["reauth", "failed"]) })).toEqual([]);
  });

  it("restarts its own installation whose container exited", () => {
    expect(plan({ installations: [installation("i1")], containers: [container("i1", "exited")] })).toEqual([
      expect.objectContaining({ kind: "restart", installationId: "i1" }),
    ]);
  });
});
