import pino from "pino";
import { describe, expect, it } from "vitest";
import type { RunnerState } from "../jobs/runner-presence.ts";
import { routeConnectorJob } from "./route-connector-job.ts";
import type { RunnerContext } from "./runner-context.ts";

const ME = "runner-a";

/** A context whose connector row is owned by `owner` and whose other runners are in `states`. */
function fakeContext(owner: string | null | undefined, states: Record<string, RunnerState>) {
  const row = owner === undefined ? null : { runnerId: owner };
  const ctx = {
    runnerId: ME,
    logger: pino({ level: "silent" }),
    presence: { stateOf: async (runnerId: string) => states[runnerId] ?? "gone" },
    prisma: {
      connector: {
        findUnique: async () => row,
        updateManyAndReturn: async ({ where }: { where: { runnerId: string } }) => {
          if (!row || row.runnerId !== where.runnerId) return [];
          row.runnerId = ME;
          return [{ id: "i1" }];
        },
      },
    },
  };
  return { ctx: ctx as unknown as RunnerContext, row };
}

describe("routeConnectorJob", () => {
  it("runs here what this runner owns, what nobody owns yet, and what no longer exists", async () => {
    for (const owner of [ME, null, undefined]) {
      expect(await routeConnectorJob(fakeContext(owner, {}).ctx, "i1")).toEqual({ kind: "here" });
    }
  });

  it("forwards to a live owner and waits while it cannot tell whether the owner is gone", async () => {
    expect(await routeConnectorJob(fakeContext("runner-b", { "runner-b": "alive" }).ctx, "i1")).toEqual({
      kind: "forward",
      runnerId: "runner-b",
    });
    expect(await routeConnectorJob(fakeContext("runner-b", { "runner-b": "unknown" }).ctx, "i1")).toEqual({
      kind: "wait",
    });
  });

  it("adopts the connector of a runner that is gone and runs the job here", async () => {
    const { ctx, row } = fakeContext("runner-b", { "runner-b": "gone" });
    expect(await routeConnectorJob(ctx, "i1")).toEqual({ kind: "here" });
    expect(row?.runnerId).toBe(ME);
  });
});
