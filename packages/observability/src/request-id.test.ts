import { describe, expect, it } from "vitest";
import { requestIdFrom } from "./request-id.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestIdFrom", () => {
  it("keeps a caller's plain id", () => {
    expect(requestIdFrom("proxy-7f3a.42:1")).toBe("proxy-7f3a.42:1");
    expect(requestIdFrom(["first", "second"])).toBe("first");
  });

  it.each([[undefined], [null], [""], ["two words"], ['x"}\n{"level":60'], ["a".repeat(129)]])(
    "makes a new id instead of %j",
    (header) => {
      expect(requestIdFrom(header)).toMatch(UUID);
    },
  );

  it("makes a different id each time", () => {
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});
