import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./safe-return-path.ts";

describe("safeReturnPath", () => {
  it("keeps a same-origin path and its query", () => {
    expect(safeReturnPath("/connectors/abc?tab=logs", "/catalog")).toBe("/connectors/abc?tab=logs");
  });

  it.each(["https://evil.example/", "//evil.example", "/\\evil.example", "evil", ""])(
    "falls back for %j",
    (candidate) => {
      expect(safeReturnPath(candidate, "/catalog")).toBe("/catalog");
    },
  );

  it.each([
    "/.//evil.example",
    "/..//evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example/x",
  ])(
    "finding (medium): a dot segment that normalizes to a protocol-relative URL (%j) is an open redirect",
    (candidate) => {
      const path = safeReturnPath(candidate, "/catalog");
      // What the browser (router.replace, a Location header) and the OAuth callback make of it.
      expect(new URL(path, "https://switchboard.example").origin).toBe("https://switchboard.example");
    },
  );
});
