import { describe, expect, it } from "vitest";
import { toProviderDescription, toProviderErrorCode } from "./errors.ts";

describe("toProviderDescription", () => {
  it("redacts credential-like runs, strips control characters and shortens", () => {
    expect(toProviderDescription("code SplxlOBeZQQYbYS6WxSbIA1234567 was used\r\n")).toBe("code [redacted] was used  ");
    expect(toProviderDescription("x".repeat(500).replace(/x/g, "a "))?.length).toBeLessThanOrEqual(201);
    expect(toProviderDescription(42)).toBeUndefined();
    expect(toProviderDescription("")).toBeUndefined();
  });
});

describe("toProviderErrorCode", () => {
  it("keeps OAuth error codes and replaces anything else", () => {
    expect(toProviderErrorCode("invalid_grant")).toBe("invalid_grant");
    expect(toProviderErrorCode("drop table; --")).toBe("unrecognized error");
  });
});
