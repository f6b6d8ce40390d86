import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createCredentialVersionCheck } from "./check-credential-version.ts";

const credential = { id: "5b0f8f1e-0d7e-4d39-9f57-2a6f3b1f2c11", accessToken: "unused", version: 3 };

/** A database that holds one credential at `version` and counts the lookups it answers. */
function databaseAt(version: { current: number }) {
  const db = {
    queries: 0,
    query: async () => {
      db.queries++;
      return { rows: [{ id: credential.id, version: version.current }] };
    },
  };
  return db;
}

describe("createCredentialVersionCheck", () => {
  // Port 1 refuses connections: a real pool to a database that is down.
  const unreachable = new pg.Pool({ connectionString: "postgresql://postgres@127.0.0.1:1/none", max: 1 });
  afterAll(() => unreachable.end());

  it("counts a credential as current while the database cannot answer, so calls go on with the open connection", async () => {
    const check = createCredentialVersionCheck(unreachable, () => true);
    await expect(check.isCurrent(credential)).resolves.toBe(true);
  });

  it("asks the database once while notifications are live, and again after one names the credential", async () => {
    const version = { current: 3 };
    const db = databaseAt(version);
    const check = createCredentialVersionCheck(db as unknown as pg.Pool, () => true);
    expect(await check.isCurrent(credential)).toBe(true);
    expect(await check.isCurrent(credential)).toBe(true);
    expect(db.queries).toBe(1);

    version.current = 4;
    check.changed(credential.id);
    expect(await check.isCurrent(credential)).toBe(false);
    expect(db.queries).toBe(2);
  });

  it("asks the database on every request while notifications are down, and after they were lost", async () => {
    const live = { now: false };
    const db = databaseAt({ current: 3 });
    const check = createCredentialVersionCheck(db as unknown as pg.Pool, () => live.now);
    await check.isCurrent(credential);
    await check.isCurrent(credential);
    expect(db.queries).toBe(2);

    live.now = true;
    await check.isCurrent(credential);
    await check.isCurrent(credential);
    expect(db.queries).toBe(3);
    check.reset();
    await check.isCurrent(credential);
    expect(db.queries).toBe(4);
  });

  it("confirms nothing from a lookup that a notification overtook", async () => {
    const db = databaseAt({ current: 3 });
    const check = createCredentialVersionCheck(db as unknown as pg.Pool, () => true);
    const pending = check.isCurrent(credential);
    check.changed(credential.id);
    await pending;
    await check.isCurrent(credential);
    expect(db.queries).toBe(2);
  });
});
