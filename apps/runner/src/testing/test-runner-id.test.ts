import { describe, expect, it } from "vitest";
import { getTestRunnerId } from "./test-runner-id.ts";

describe("getTestRunnerId", () => {
  it("gives suites on different Redis databases different runner labels", () => {
    expect(getTestRunnerId("redis://127.0.0.1:6379/9")).toBe("integration-runner-9");
    expect(getTestRunnerId("redis://127.0.0.1:6379/23")).not.toBe(getTestRunnerId("redis://127.0.0.1:6379/9"));
    expect(getTestRunnerId("redis://127.0.0.1:6379")).toBe("integration-runner-0");
  });
});
