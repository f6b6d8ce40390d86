import { describe, expect, it } from "vitest";
import { resolveClientAddress, trustedProxyHopsSetting } from "./resolve-client-address.ts";

describe("issue 12 finding 5 follow-up: client addresses for rate-limit keys", () => {
  it("with no trusted proxy, uses the socket address and ignores an X-Forwarded-For the client wrote itself", () => {
    expect(resolveClientAddress({ socketAddress: "203.0.113.7", forwardedFor: "10.9.9.9", trustedProxyHops: 0 })).toBe(
      "203.0.113.7",
    );
    expect(resolveClientAddress({ socketAddress: undefined, forwardedFor: undefined, trustedProxyHops: 0 })).toBe(
      "unknown",
    );
  });

  it("behind N trusted proxies, takes the Nth X-Forwarded-For entry from the right, never a forged one further left", () => {
    const forwardedFor = "6.6.6.6, 203.0.113.7 ,10.0.0.2";
    const resolve = (trustedProxyHops: number) =>
      resolveClientAddress({ socketAddress: "10.0.0.3", forwardedFor, trustedProxyHops });
    expect(resolve(1)).toBe("10.0.0.2");
    expect(resolve(2)).toBe("203.0.113.7");
    // Fewer entries than proxies: the leftmost entry there is (what the first proxy saw).
    expect(resolve(5)).toBe("6.6.6.6");
    expect(resolveClientAddress({ socketAddress: "10.0.0.3", forwardedFor: undefined, trustedProxyHops: 1 })).toBe(
      "10.0.0.3",
    );
  });

  it("reads TRUSTED_PROXY_HOPS as a small whole number, 0 by default", () => {
    expect(trustedProxyHopsSetting().parse(undefined)).toBe(0);
    expect(trustedProxyHopsSetting().parse("2")).toBe(2);
    for (const bad of ["-1", "1.5", "many", "100"])
      expect(trustedProxyHopsSetting().safeParse(bad).success).toBe(false);
  });
});
