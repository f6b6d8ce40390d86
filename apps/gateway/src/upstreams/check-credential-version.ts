import type pg from "pg";
import { batchPerTurn } from "../tools/batch-per-turn.ts";
import type { UpstreamCredential } from "./upstream-pool.ts";

const VERSION_QUERY = {
  name: "gateway-credential-versions",
  text: 'SELECT id, version FROM "OAuthCredential" WHERE id = ANY($1::uuid[])',
};

export interface CredentialVersionCheck {
  /** Whether a credential is still at the version an upstream connection opened with. */
  isCurrent(credential: UpstreamCredential): Promise<boolean>;
  /** A notification said this credential's version changed. */
  changed(credentialId: string): void;
  /** Notifications may have been missed: confirm every credential with the database again. */
  reset(): void;
}

/**
 * Asked before every request to a server that holds an OAuth token (only those: a runner's bridge
 * has none), so a token the runner refreshed seconds ago is used at once, with no rejected request
 * first. A version the database confirmed stays confirmed, with no query per request, while the
 * change notifications are live and none named the credential since; otherwise one primary-key
 * lookup per event-loop turn answers every credential asked about in it. When the database cannot
 * answer, the credential counts as current: the connection's token still works until the server
 * says otherwise, and the 401 path refreshes it then.
 */
export function createCredentialVersionCheck(db: pg.Pool, isLive: () => boolean): CredentialVersionCheck {
  const findVersion = batchPerTurn(async (ids) => {
    const { rows } = await db.query<{ id: string; version: number }>({ ...VERSION_QUERY, values: [ids] });
    return new Map(rows.map((row) => [row.id, row.version]));
  });
  const confirmed = new Map<string, number>();
  // Bumped by every change: a lookup that raced a notification confirms nothing.
  let changes = 0;

  return {
    async isCurrent(credential) {
      if (isLive() && confirmed.get(credential.id) === credential.version) return true;
      const changesBefore = changes;
      let version: number | null;
      try {
        version = await findVersion(credential.id);
      } catch {
        return true;
      }
      if (version !== credential.version) return false;
      if (isLive() && changes === changesBefore) confirmed.set(credential.id, version);
      return true;
    },
    changed(credentialId) {
      confirmed.delete(credentialId);
      changes++;
    },
    reset() {
      confirmed.clear();
      changes++;
    },
  };
}
