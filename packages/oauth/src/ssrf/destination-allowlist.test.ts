import { describe, expect, it } from "vitest";
import { parseDestinationAllowlist } from "./destination-allowlist.ts";

describe("parseDestinationAllowlist", () => {
  const allowlist = parseDestinationAllowlist([
    "auth.internal.example",
    "localhost:8080",
    "10.0.0.0/8",
    "127.0.0.1:9000",
    "[::1]:9001",
    "fd00::/8",
    "192.168.1.10",
  ]);

  it("matches host names on any port, or the listed port", () => {
    expect(allowlist.allowsHost("AUTH.internal.example", 443)).toBe(true);
    expect(allowlist.allowsHost("auth.internal.example.", 8443)).toBe(true);
    expect(allowlist.allowsHost("localhost", 8080)).toBe(true);
    expect(allowlist.allowsHost("localhost", 8081)).toBe(false);
    expect(allowlist.allowsHost("other.example", 443)).toBe(false);
  });

  it("matches addresses against networks, single addresses and ports", () => {
    expect(allowlist.allowsAddress("10.20.30.40", 443)).toBe(true);
    expect(allowlist.allowsAddress("127.0.0.1", 9000)).toBe(true);
    expect(allowlist.allowsAddress("127.0.0.1", 9002)).toBe(false);
    expect(allowlist.allowsAddress("::1", 9001)).toBe(true);
    expect(allowlist.allowsAddress("fd12::1", 80)).toBe(true);
    expect(allowlist.allowsAddress("192.168.1.10", 1)).toBe(true);
    expect(allowlist.allowsAddress("192.168.1.11", 1)).toBe(false);
    expect(allowlist.allowsAddress("::ffff:10.1.1.1", 443)).toBe(true);
  });

  it("treats IP literal hosts as addresses", () => {
    expect(allowlist.allowsHost("[::1]", 9001)).toBe(true);
    expect(allowlist.allowsHost("127.0.0.1", 9000)).toBe(true);
    expect(allowlist.allowsHost("127.0.0.1", 80)).toBe(false);
  });

  it("rejects malformed entries", () => {
    for (const entry of ["10.0.0.0/99", "host:port", "host:70000", "bad host", "http://x.test"]) {
      expect(() => parseDestinationAllowlist([entry]), entry).toThrow(TypeError);
    }
  });
});
