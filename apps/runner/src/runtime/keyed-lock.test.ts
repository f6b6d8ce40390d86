import { describe, expect, it } from "vitest";
import { KeyedLock } from "./keyed-lock.ts";

describe("KeyedLock", () => {
  it("runs operations on one key in order and other keys concurrently, surviving failures", async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const step = (name: string, ms: number) => async () => {
      events.push(`${name}:start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`${name}:end`);
      if (name === "a1") throw new Error("a1 failed");
      return name;
    };

    const results = await Promise.allSettled([
      lock.run("a", step("a1", 20)),
      lock.run("a", step("a2", 1)),
      lock.run("b", step("b1", 1)),
    ]);

    expect(results.map((result) => result.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
    expect(events.indexOf("a2:start")).toBeGreaterThan(events.indexOf("a1:end"));
    expect(events.indexOf("b1:end")).toBeLessThan(events.indexOf("a1:end"));
  });
});
