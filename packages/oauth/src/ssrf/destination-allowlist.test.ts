import { describe, expect, it } from "vitest";
import { normalizeHost, parseDestinationAllowlist } from "./destination-allowlist.ts";

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

describe("parseDestinationAllowlist single addresses", () => {
  it("a single IPv6 entry allows that address only, not its /32 neighbours", () => {
    const allowlist = parseDestinationAllowlist(["fd00:1:2:3::10", "[2001:db8::1]:8443"]);
    expect(allowlist.allowsAddress("fd00:1:2:3::10", 443)).toBe(true);
    expect(allowlist.allowsAddress("fd00:1:2:3::11", 443)).toBe(false);
    expect(allowlist.allowsAddress("fd00:1:ffff::10", 443)).toBe(false);
    expect(allowlist.allowsAddress("2001:db8::1", 8443)).toBe(true);
    expect(allowlist.allowsAddress("2001:db8::2", 8443)).toBe(false);
    expect(allowlist.allowsAddress("2001:db8::1", 443)).toBe(false);
  });

  it("a single IPv4 entry allows that address only", () => {
    const allowlist = parseDestinationAllowlist(["10.1.2.3"]);
    expect(allowlist.allowsAddress("10.1.2.3", 80)).toBe(true);
    expect(allowlist.allowsAddress("10.1.2.4", 80)).toBe(false);
    expect(allowlist.allowsAddress("::ffff:10.1.2.3", 80)).toBe(true);
  });

  it("an IPv4 network never matches IPv6 addresses and the reverse", () => {
    const allowlist = parseDestinationAllowlist(["0.0.0.0/0"]);
    expect(allowlist.allowsAddress("fd00::1", 80)).toBe(false);
    expect(parseDestinationAllowlist(["::/0"]).allowsAddress("10.0.0.1", 80)).toBe(false);
  });

  it("rejects port 0 and ports above 65535, accepts the edges", () => {
    expect(() => parseDestinationAllowlist(["host.test:0"])).toThrow('Invalid allowed destination: "host.test:0"');
    expect(() => parseDestinationAllowlist(["host.test:65536"])).toThrow(TypeError);
    expect(parseDestinationAllowlist(["host.test:1"]).allowsHost("host.test", 1)).toBe(true);
    expect(parseDestinationAllowlist(["host.test:65535"]).allowsHost("host.test", 65_535)).toBe(true);
    expect(() => parseDestinationAllowlist(["[::1]:x"])).toThrow(TypeError);
    expect(() => parseDestinationAllowlist(["ho_st.test"])).toThrow(TypeError);
  });
});

describe("parseDestinationAllowlist entry syntax", () => {
  it("ignores case and surrounding spaces in entries", () => {
    const allowlist = parseDestinationAllowlist([" Auth.Internal.EXAMPLE ", " [FD00::1]:8443"]);
    expect(allowlist.allowsHost("auth.internal.example", 443)).toBe(true);
    expect(allowlist.allowsAddress("fd00::1", 8443)).toBe(true);
  });

  it("accepts a bracketed IPv6 address with or without a port", () => {
    expect(parseDestinationAllowlist(["[fd00::1]"]).allowsAddress("fd00::1", 1234)).toBe(true);
    expect(parseDestinationAllowlist(["[fd00::1]:80"]).allowsAddress("fd00::1", 80)).toBe(true);
  });

  it("refuses ports and brackets with anything around them", () => {
    for (const entry of ["host.test:x80", "host.test:80x", "x[fd00::1]", "[fd00::1]x", "[fd00::1]:80x"]) {
      expect(() => parseDestinationAllowlist([entry]), entry).toThrow(TypeError);
    }
  });
});

describe("normalizeHost", () => {
  it("unwraps a bracketed IPv6 host and drops the root dot", () => {
    expect(normalizeHost("[FD00::1]")).toBe("fd00::1");
    expect(normalizeHost("Auth.Example.com.")).toBe("auth.example.com");
  });

  it("leaves brackets that do not wrap the whole host", () => {
    expect(normalizeHost("x[::1]")).toBe("x[::1]");
    expect(normalizeHost("[::1]x")).toBe("[::1]x");
  });
});
