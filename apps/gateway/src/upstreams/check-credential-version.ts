import type pg from "pg";
import { batchPerTurn } from "../tools/batch-per-turn.ts";
import type { UpstreamCredential } from "./upstream-pool.ts";

const VERSION_QUERY = {
  name: "gateway-credential-versions",
  text: 'SELECT id, version FROM "OAuthCredential" WHERE id = ANY($1::uuid[])',
};

/**
 * Whether a credential is still at the version an upstream connection opened with. Asked before
 * every request to a server that holds an OAuth token (only those: a runner's bridge has none), so
 * a token the runner refreshed seconds ago is used at once, with no rejected request first. One
 * primary-key lookup per event-loop turn answers every credential asked about in it. When the
 * database cannot answer, the credential counts as current: the connection's token still works
 * until the server says otherwise, and the 401 path refreshes it then.
 */
export function createCredentialVersionCheck(db: pg.Pool): (credential: UpstreamCredential) => Promise<boolean> {
  const findVersion = batchPerTurn(async (ids) => {
    const { rows } = await db.query<{ id: string; version: number }>({ ...VERSION_QUERY, values: [ids] });
    return new Map(rows.map((row) => [row.id, row.version]));
  });
  return async (credential) => {
    const version = await findVersion(credential.id).catch(() => credential.version);
    return version === credential.version;
  };
}
