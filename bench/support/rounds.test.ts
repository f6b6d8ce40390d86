import { describe, expect, it } from "vitest";
import { decide, runInterleaved, spreadOfRatios } from "./rounds.ts";

describe("interleaved rounds", () => {
  it("alternates the order of the arms from one round to the next", async () => {
    const order: string[] = [];
    const arm = (name: string) => async () => void order.push(name);
    await runInterleaved(3, { a: arm("a"), b: arm("b"), c: arm("c") });
    expect(order).toEqual(["a", "b", "c", "c", "b", "a", "a", "b", "c"]);
  });

  it("reports the median of per-round ratios with its IQR and min–max", () => {
    const spread = spreadOfRatios([2, 3, 8, 4, 5], [1, 1, 2, 1, 1]);
    expect(spread).toMatchObject({ median: 4, min: 2, max: 5, q1: 3, q3: 4, perRound: [2, 3, 4, 4, 5] });
  });

  it("floors a baseline that measured at or below zero instead of turning the ratio negative", () => {
    expect(spreadOfRatios([1], [-0.5], { baselineFloor: 0.05 }).median).toBe(20);
  });

  it("decides a goal only when the whole IQR is on one side of it", () => {
    const around = (q1: number, q3: number) => ({ median: (q1 + q3) / 2, min: q1, max: q3, q1, q3, perRound: [] });
    expect(decide(around(0.85, 0.95), { atLeast: 0.8 })).toBe("met");
    expect(decide(around(0.6, 0.7), { atLeast: 0.8 })).toBe("not met");
    expect(decide(around(0.7, 0.9), { atLeast: 0.8 })).toBe("undecidable");
    expect(decide(around(1.1, 1.3), { atMost: 1.2 })).toBe("undecidable");
    expect(decide(around(1.0, 1.1), { atMost: 1.2 })).toBe("met");
  });
});
