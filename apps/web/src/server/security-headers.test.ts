import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "./security-headers.ts";

describe("issue 12, finding 9: security headers", () => {
  it("send HSTS and upgrade insecure requests only when the public URL is https", () => {
    expect(securityHeaders({ https: true })["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect(securityHeaders({ https: false })).not.toHaveProperty("strict-transport-security");
    expect(contentSecurityPolicy({ nonce: "n", https: true, development: false })).toContain(
      "upgrade-insecure-requests",
    );
    expect(contentSecurityPolicy({ nonce: "n", https: false, development: false })).not.toContain("upgrade-insecure");
  });

  it("allow eval only in development", () => {
    expect(contentSecurityPolicy({ nonce: "n", https: true, development: false })).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy({ nonce: "n", https: true, development: true })).toContain("'unsafe-eval'");
  });
});
