import { describe, expect, it } from "vitest";
import { OAuthError } from "../errors.ts";
import { parseDestinationAllowlist } from "./destination-allowlist.ts";
import { checkDestination } from "./guarded-fetch.ts";

const strict = { allowInsecureHttp: false, allowlist: parseDestinationAllowlist([]) };
const insecure = { allowInsecureHttp: true, allowlist: parseDestinationAllowlist(["10.1.2.3"]) };

describe("checkDestination", () => {
  it("returns the normalized host and the scheme's default port", () => {
    expect(checkDestination(new URL("https://Auth.Example.com./token"), strict)).toStrictEqual({
      hostname: "auth.example.com",
      port: 443,
    });
    expect(checkDestination(new URL("http://auth.example.com/token"), insecure)).toStrictEqual({
      hostname: "auth.example.com",
      port: 80,
    });
    expect(checkDestination(new URL("https://[2606:2800:220:1::1]:8443/"), strict)).toStrictEqual({
      hostname: "2606:2800:220:1::1",
      port: 8443,
    });
  });

  it("refuses plain http unless allowed, and other schemes always", () => {
    expect(() => checkDestination(new URL("http://auth.example.com/"), strict)).toThrow(
      new OAuthError("insecure_url", "Only https URLs may be fetched (got http: for auth.example.com)."),
    );
    for (const url of ["ftp://auth.example.com/", "ws://auth.example.com/", "file:///etc/passwd"]) {
      expect(() => checkDestination(new URL(url), insecure), url).toThrow(
        expect.objectContaining({ code: "insecure_url" }),
      );
    }
  });

  it("refuses private IP literals unless allowlisted, on the URL's port", () => {
    expect(() => checkDestination(new URL("https://169.254.169.254/"), strict)).toThrow(
      expect.objectContaining({ code: "ssrf_blocked" }),
    );
    expect(() => checkDestination(new URL("https://[::ffff:127.0.0.1]/"), strict)).toThrow(
      expect.objectContaining({ code: "ssrf_blocked" }),
    );
    expect(checkDestination(new URL("http://10.1.2.3:8080/"), insecure)).toStrictEqual({
      hostname: "10.1.2.3",
      port: 8080,
    });
    const portBound = { allowInsecureHttp: false, allowlist: parseDestinationAllowlist(["10.1.2.3:443"]) };
    expect(checkDestination(new URL("https://10.1.2.3/"), portBound).port).toBe(443);
    expect(() => checkDestination(new URL("https://10.1.2.3:444/"), portBound)).toThrow(
      expect.objectContaining({ code: "ssrf_blocked" }),
    );
  });
});
