import { describe, expect, it } from "vitest";
import { localEntry } from "../../test/entries.ts";
import { validateUserConfig } from "./validate-user-config.ts";

const entry = localEntry({
  userConfig: {
    token: { type: "string", title: "Token", required: true, secret: true },
    region: { type: "string", title: "Region", enum: ["eu", "us"], default: "eu" },
    port: { type: "number", title: "Port", min: 1, max: 65535 },
    verbose: { type: "boolean", title: "Verbose" },
    dirs: { type: "directory", title: "Dirs", multiple: true },
  },
});

describe("validateUserConfig", () => {
  it("returns typed values with defaults applied", () => {
    expect(validateUserConfig(entry, { token: "t", port: "8080", verbose: "true", dirs: "/data" })).toEqual({
      ok: true,
      values: { token: "t", region: "eu", port: 8080, verbose: true, dirs: ["/data"] },
    });
  });

  it("reports one message per field, never echoing the value", () => {
    const result = validateUserConfig(entry, {
      region: "mars",
      port: 70000,
      verbose: "yes",
      dirs: ["/ok", "relative/path"],
      extra: "x",
    });
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        extra: "not a setting of this connector",
        token: "required",
        region: 'expected one of "eu", "us"',
        port: "expected a number <= 65535",
        verbose: "expected true or false, got string",
        dirs: "item 2: expected an absolute directory path such as /data",
      },
    });
  });

  it("treats empty strings and lists as not given", () => {
    expect(validateUserConfig(entry, { token: "", dirs: [] })).toEqual({
      ok: false,
      fieldErrors: { token: "required" },
    });
  });

  it("rejects NUL characters, non-numbers and lists for single values", () => {
    expect(validateUserConfig(entry, { token: "a\0b", port: "12abc", region: ["eu"] })).toEqual({
      ok: false,
      fieldErrors: {
        token: "expected text without NUL characters",
        port: "expected a number, got string",
        region: "expected a single value, got a list",
      },
    });
  });

  it("does not treat prototype names as settings", () => {
    expect(validateUserConfig(entry, { token: "t", constructor: "x" })).toEqual({
      ok: false,
      fieldErrors: { constructor: "not a setting of this connector" },
    });
  });
});
