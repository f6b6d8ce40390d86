import { describe, expect, it } from "vitest";
import type { GatewayPrincipal } from "./authenticate.ts";
import { createTokenCheckCache } from "./token-check-cache.ts";

const principal: GatewayPrincipal = { tokenId: "t", userId: "u", connectorIds: null };

function counting(answer: () => Promise<GatewayPrincipal | null>) {
  const calls = { count: 0 };
  return { calls, check: () => ((calls.count += 1), answer()) };
}

describe("createTokenCheckCache", () => {
  it("answers a repeated successful check from memory and never caches a refusal", async () => {
    const { calls, check } = counting(async () => principal);
    const cache = createTokenCheckCache(check, { ttlMs: 60_000, maxEntries: 10, isLive: () => true });
    await cache.authenticate("a");
    await cache.authenticate("a");
    expect(calls.count).toBe(1);
    const refused = counting(async () => null);
    const refusing = createTokenCheckCache(refused.check, { ttlMs: 60_000, maxEntries: 10, isLive: () => true });
    await refusing.authenticate("a");
    await refusing.authenticate("a");
    expect(refused.calls.count).toBe(2);
  });

  it("does not keep a check that was running when a change was notified", async () => {
    let release: (value: GatewayPrincipal) => void = () => undefined;
    const { calls, check } = counting(() => new Promise((resolve) => (release = resolve)));
    const cache = createTokenCheckCache(check, { ttlMs: 60_000, maxEntries: 10, isLive: () => true });
    const first = cache.authenticate("a");
    cache.invalidate();
    release(principal);
    await first;
    const second = cache.authenticate("a");
    release(principal);
    await second;
    expect(calls.count).toBe(2);
  });

  it("checks every request while notifications are down, and never past the token's expiry", async () => {
    let live = false;
    const { calls, check } = counting(async () => ({ ...principal, validUntil: Date.now() - 1 }));
    const cache = createTokenCheckCache(check, { ttlMs: 60_000, maxEntries: 10, isLive: () => live });
    await cache.authenticate("a");
    await cache.authenticate("a");
    expect(calls.count).toBe(2);
    live = true;
    await cache.authenticate("a");
    await cache.authenticate("a");
    expect(calls.count).toBe(4);
  });

  it("holds at most maxEntries checks, dropping the oldest", async () => {
    const { calls, check } = counting(async () => principal);
    const cache = createTokenCheckCache(check, { ttlMs: 60_000, maxEntries: 2, isLive: () => true });
    for (const bearer of ["a", "b", "c", "c", "b", "a"]) await cache.authenticate(bearer);
    expect(calls.count).toBe(4);
  });
});
