import { describe, expect, it } from "vitest";
import { computeRefreshDueAt } from "./compute-refresh-due-at.ts";

const issuedAt = new Date("2026-11-24T12:00:00Z");
const after = (ms: number) => new Date(issuedAt.getTime() + ms);
const policy = { marginMs: 5 * 60_000, marginRatio: 0.2, unstatedLifetimeMs: 60 * 60_000 };

describe("computeRefreshDueAt", () => {
  it("refreshes the full margin before expiry for long-lived tokens", () => {
    const timing = { issuedAt, expiresAt: after(60 * 60_000), hasRefreshToken: true };
    expect(computeRefreshDueAt(timing, policy)).toEqual(after(55 * 60_000));
  });

  it("uses 20% of the lifetime for short-lived tokens", () => {
    const timing = { issuedAt, expiresAt: after(10_000), hasRefreshToken: true };
    expect(computeRefreshDueAt(timing, policy)).toEqual(after(8_000));
  });

  it("falls back to the full margin when the issue time is unknown", () => {
    const timing = { expiresAt: after(10 * 60_000), hasRefreshToken: true };
    expect(computeRefreshDueAt(timing, policy)).toEqual(after(5 * 60_000));
  });

  it("is due at expiry without a refresh token, and never for tokens that do not expire", () => {
    expect(computeRefreshDueAt({ issuedAt, expiresAt: after(60_000), hasRefreshToken: false }, policy)).toEqual(
      after(60_000),
    );
    expect(computeRefreshDueAt({ issuedAt, expiresAt: null, hasRefreshToken: false }, policy)).toBeUndefined();
  });

  it("refreshes a token issued with a refresh token but no expiry on the assumed lifetime (Salesforce)", () => {
    const timing = { issuedAt, expiresAt: null, hasRefreshToken: true };
    expect(computeRefreshDueAt(timing, policy)).toEqual(after(55 * 60_000));
  });

  it("never refreshes a token without expiry when the assumed lifetime is off, or its issue time unknown", () => {
    expect(
      computeRefreshDueAt({ issuedAt, expiresAt: null, hasRefreshToken: true }, { ...policy, unstatedLifetimeMs: 0 }),
    ).toBeUndefined();
    expect(computeRefreshDueAt({ expiresAt: null, hasRefreshToken: true }, policy)).toBeUndefined();
  });
});
