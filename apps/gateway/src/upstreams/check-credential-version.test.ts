import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createCredentialVersionCheck } from "./check-credential-version.ts";

describe("createCredentialVersionCheck", () => {
  // Port 1 refuses connections: a real pool to a database that is down.
  const unreachable = new pg.Pool({ connectionString: "postgresql://postgres@127.0.0.1:1/none", max: 1 });
  afterAll(() => unreachable.end());

  it("counts a credential as current while the database cannot answer, so calls go on with the open connection", async () => {
    const isCurrent = createCredentialVersionCheck(unreachable);
    await expect(
      isCurrent({ id: "5b0f8f1e-0d7e-4d39-9f57-2a6f3b1f2c11", accessToken: "unused", version: 3 }),
    ).resolves.toBe(true);
  });
});
