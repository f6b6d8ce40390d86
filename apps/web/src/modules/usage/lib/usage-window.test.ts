import { describe, expect, it } from "vitest";
import { parseUsageDays, startOfUsageWindow } from "./usage-window.ts";

describe("the usage window", () => {
  it("is 7 or 30 days, 7 for anything else a link may carry", () => {
    expect(parseUsageDays("30")).toBe(30);
    expect(parseUsageDays("7")).toBe(7);
    for (const value of [undefined, "", "31", "30 ", "-7", "1e9", ["30", "7"]]) expect(parseUsageDays(value)).toBe(7);
  });

  it("starts exactly that many days before now", () => {
    const now = new Date("2026-03-29T12:00:00.000Z");
    expect(startOfUsageWindow(30, now).toISOString()).toBe("2026-02-27T12:00:00.000Z");
  });
});
