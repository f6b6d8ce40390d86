import { createTestSecretBox } from "@switchboard/db/testing";
import { describe, expect, it } from "vitest";
import type { GatewayPrincipal } from "../auth/authenticate.ts";
import { createRequestStateSeal } from "./request-state-seal.ts";

const principal: GatewayPrincipal = { tokenId: "token-1", userId: "user-1", connectorIds: null };
const binding = { connectorId: "connector-1", principal, method: "tools/call", name: "notes__deploy" };

describe("finding: request states are bound to their connector, token, method and name", () => {
  it("opens a sealed state only for the same connector, token, method and name, within ten minutes", () => {
    let now = 1_000_000;
    const seal = createRequestStateSeal(createTestSecretBox(), () => now);
    const sealed = seal.bind(binding).seal("deploy:prod");

    expect(sealed).not.toContain("deploy:prod");
    expect(seal.bind(binding).open(sealed)).toBe("deploy:prod");
    for (const other of [
      { ...binding, connectorId: "connector-2" },
      { ...binding, principal: { ...principal, tokenId: "token-2" } },
      { ...binding, name: "notes__echo" },
      { ...binding, method: "prompts/get" },
    ]) {
      expect(() => seal.bind(other).open(sealed)).toThrow(/requestState was not issued for this request/);
    }
    expect(() => seal.bind(binding).open("deploy:prod")).toThrow(/not issued/);
    now += 10 * 60_000 + 1;
    expect(() => seal.bind(binding).open(sealed)).toThrow(/requestState has expired/);
  });
});
