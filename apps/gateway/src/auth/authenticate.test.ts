import { hashOpaqueToken } from "@switchboard/db/tokens";
import type { Pool } from "pg";
import { describe, expect, it, vi } from "vitest";
import { createAuthenticator } from "./authenticate.ts";

function fakePool(tokens: Record<string, { id: string; userId: string }>) {
  const query = vi.fn(async ({ values }: { values: [string[]] }) => ({
    rows: Object.entries(tokens)
      .filter(([bearer]) => values[0].includes(hashOpaqueToken(bearer)))
      .map(([bearer, token]) => ({ hash: hashOpaqueToken(bearer), ...token, connectorIds: null })),
  }));
  return { pool: { query } as unknown as Pool, query };
}

describe("createAuthenticator", () => {
  it("checks the requests of one event-loop turn with one query, each token once", async () => {
    const { pool, query } = fakePool({ alpha: { id: "t1", userId: "u1" }, beta: { id: "t2", userId: "u2" } });
    const authenticate = createAuthenticator(pool);
    const results = await Promise.all([authenticate("alpha"), authenticate("beta"), authenticate("alpha")]);
    expect(results).toEqual([
      { tokenId: "t1", userId: "u1", connectorIds: null },
      { tokenId: "t2", userId: "u2", connectorIds: null },
      { tokenId: "t1", userId: "u1", connectorIds: null },
    ]);
    expect(query).toHaveBeenCalledTimes(1);
    expect(query.mock.calls[0]![0].values[0]).toEqual([hashOpaqueToken("alpha"), hashOpaqueToken("beta")]);
  });

  it("asks the database again for every later request (a revocation applies at once)", async () => {
    const tokens: Record<string, { id: string; userId: string }> = { alpha: { id: "t1", userId: "u1" } };
    const { pool, query } = fakePool(tokens);
    const authenticate = createAuthenticator(pool);
    expect(await authenticate("alpha")).not.toBeNull();
    delete tokens.alpha;
    expect(await authenticate("alpha")).toBeNull();
    expect(await authenticate("unknown")).toBeNull();
    expect(query).toHaveBeenCalledTimes(3);
  });

  it("fails every request of a batch whose query failed", async () => {
    const pool = { query: vi.fn(async () => Promise.reject(new Error("down"))) } as unknown as Pool;
    const authenticate = createAuthenticator(pool);
    await expect(Promise.all([authenticate("a"), authenticate("b")])).rejects.toThrow("down");
  });
});
