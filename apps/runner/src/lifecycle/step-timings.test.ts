import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { StepTimings } from "./step-timings.ts";

describe("StepTimings", () => {
  it("times each step from the previous mark and totals them", async () => {
    const timings = new StepTimings();
    await sleep(30);
    timings.mark("first");
    timings.mark("second");
    expect(timings.stepsMs.first).toBeGreaterThanOrEqual(29);
    expect(timings.stepsMs.second).toBeLessThan(10);
    expect(Math.abs(timings.totalMs - timings.stepsMs.first! - timings.stepsMs.second!)).toBeLessThanOrEqual(1);
  });
});
