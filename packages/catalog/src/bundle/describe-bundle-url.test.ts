import { describe, expect, it } from "vitest";
import { describeBundleUrl } from "./describe-bundle-url.ts";

describe("describeBundleUrl", () => {
  it("finding: shows a bundle URL without its credentials or signed query", () => {
    expect(describeBundleUrl("https://user:s3cret@cdn.example/b/x.mcpb?X-Amz-Signature=abc#frag")).toBe(
      "https://cdn.example/b/x.mcpb",
    );
    expect(describeBundleUrl("http://127.0.0.1:4100/bundle-echo.mcpb")).toBe("http://127.0.0.1:4100/bundle-echo.mcpb");
    expect(describeBundleUrl("not a url")).toBe("(an invalid URL)");
  });
});
