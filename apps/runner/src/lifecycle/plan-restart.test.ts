import { describe, expect, it } from "vitest";
import { CRASH_LOOP_THRESHOLD, planRestart } from "./plan-restart.ts";

const now = new Date("2026-05-01T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("planRestart", () => {
  it("restarts a first crash at once", () => {
    expect(planRestart({ restartCount: 0, lastStartedAt: ago(5_000) }, now)).toEqual({
      crashes: 1,
      crashLooping: false,
      restartAt: ago(5_000),
    });
  });

  it("starts a fresh count when the server stayed up longer than the window", () => {
    expect(planRestart({ restartCount: 9, lastStartedAt: ago(11 * 60_000) }, now).crashes).toBe(1);
  });

  it("declares a crash loop at the threshold and backs off exponentially, capped", () => {
    const at = (restartCount: number) => planRestart({ restartCount, lastStartedAt: ago(1_000) }, now);
    expect(at(CRASH_LOOP_THRESHOLD - 2).crashLooping).toBe(false);
    expect(at(CRASH_LOOP_THRESHOLD - 1)).toMatchObject({
      crashLooping: true,
      restartAt: new Date(now.getTime() + 29_000),
    });
    expect(at(CRASH_LOOP_THRESHOLD).restartAt).toEqual(new Date(now.getTime() + 59_000));
    expect(at(40).restartAt).toEqual(new Date(now.getTime() + 15 * 60_000 - 1_000));
  });
});
