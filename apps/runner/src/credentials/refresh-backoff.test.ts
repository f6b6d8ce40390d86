import { CredentialRefreshError } from "@switchboard/credential-refresh";
import { describe, expect, it } from "vitest";
import { createRefreshBackoffStrategy } from "./refresh-backoff.ts";

const backoff = { baseMs: 1_000, capMs: 8_000 };

describe("createRefreshBackoffStrategy", () => {
  it("doubles per attempt up to the cap, jittered between half and the full delay", async () => {
    const low = createRefreshBackoffStrategy(backoff, () => 0);
    const high = createRefreshBackoffStrategy(backoff, () => 1);
    expect(await Promise.all([1, 2, 3, 4, 5].map((attempt) => low(attempt)))).toEqual([
      500, 1_000, 2_000, 4_000, 4_000,
    ]);
    expect(await Promise.all([1, 2, 3, 4, 5].map((attempt) => high(attempt)))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000,
    ]);
  });

  it("waits at least as long as the provider's Retry-After", async () => {
    const strategy = createRefreshBackoffStrategy(backoff, () => 0);
    const throttled = new CredentialRefreshError("refresh_failed", "busy", { retryable: true, retryAfterMs: 30_000 });
    expect(await strategy(1, "credential-refresh", throttled)).toBe(30_000);
    expect(await strategy(1, "credential-refresh", new Error("network"))).toBe(500);
  });
});
