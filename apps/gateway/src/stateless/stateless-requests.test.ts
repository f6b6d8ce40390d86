import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { isStatelessRequest } from "./stateless-requests.ts";

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe("isStatelessRequest", () => {
  it("takes 2026-07-28 requests without a session", () => {
    expect(isStatelessRequest(request({ "mcp-protocol-version": "2026-07-28" }))).toBe(true);
  });

  it("takes a revision the gateway does not speak, so the client learns which it does (400, -32022)", () => {
    expect(isStatelessRequest(request({ "mcp-protocol-version": "2099-01-01" }))).toBe(true);
  });

  it("leaves sessions, initialize and the 2025 revisions to the session path", () => {
    expect(isStatelessRequest(request({}))).toBe(false);
    expect(isStatelessRequest(request({ "mcp-protocol-version": "2025-11-25" }))).toBe(false);
    expect(isStatelessRequest(request({ "mcp-protocol-version": "2025-03-26" }))).toBe(false);
    expect(isStatelessRequest(request({ "mcp-protocol-version": "2026-07-28", "mcp-session-id": "s" }))).toBe(false);
    expect(isStatelessRequest(request({ "mcp-protocol-version": "2099-01-01", "mcp-session-id": "s" }))).toBe(false);
  });
});
