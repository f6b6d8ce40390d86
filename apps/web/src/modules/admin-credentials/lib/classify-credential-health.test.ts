import { describe, expect, it } from "vitest";
import { classifyCredentialHealth, EXPIRING_WITHIN_MS } from "./classify-credential-health.ts";

const now = new Date("2026-11-24T12:00:00Z");
const inMs = (ms: number) => new Date(now.getTime() + ms);

describe("classifyCredentialHealth", () => {
  it("puts status first: re-authorization, then failures", () => {
    const soon = { expiresAt: inMs(-1), hasRefreshToken: true };
    expect(classifyCredentialHealth({ ...soon, status: "NEEDS_REAUTH" }, now)).toBe("needs_reauth");
    expect(classifyCredentialHealth({ ...soon, status: "REVOKED" }, now)).toBe("needs_reauth");
    expect(classifyCredentialHealth({ ...soon, status: "FAILING" }, now)).toBe("failing");
  });

  it("calls a refreshable token expiring only once its refresh is overdue", () => {
    const active = { status: "ACTIVE" as const, hasRefreshToken: true };
    expect(classifyCredentialHealth({ ...active, expiresAt: inMs(60_000) }, now)).toBe("healthy");
    expect(classifyCredentialHealth({ ...active, expiresAt: inMs(-1) }, now)).toBe("expiring");
    expect(classifyCredentialHealth({ ...active, expiresAt: null }, now)).toBe("healthy");
  });

  it("calls a token without refresh token expiring in its last week", () => {
    const active = { status: "ACTIVE" as const, hasRefreshToken: false };
    expect(classifyCredentialHealth({ ...active, expiresAt: inMs(EXPIRING_WITHIN_MS + 1) }, now)).toBe("healthy");
    expect(classifyCredentialHealth({ ...active, expiresAt: inMs(EXPIRING_WITHIN_MS) }, now)).toBe("expiring");
  });
});
