import { hashOpaqueToken } from "@switchboard/db/tokens";
import type { Pool } from "pg";

export interface GatewayPrincipal {
  tokenId: string;
  userId: string;
  /** Installation ids the token is limited to, or null for all the user's installations. */
  installationIds: string[] | null;
}

export type Authenticate = (bearer: string) => Promise<GatewayPrincipal | null>;

interface TokenRow {
  id: string;
  userId: string;
  installationIds: string[] | null;
}

// One indexed lookup on the unique token hash, prepared once per connection. Timestamps are stored
// as UTC without a zone (Prisma's convention), hence `now() AT TIME ZONE 'UTC'`.
const QUERY = {
  name: "gateway-authenticate",
  text: `SELECT t.id::text AS id, t."userId"::text AS "userId",
                CASE WHEN t.restricted THEN ARRAY(
                  SELECT i."installationId"::text FROM "GatewayTokenInstallation" i
                  WHERE i."gatewayTokenId" = t.id ORDER BY i."installationId") END AS "installationIds"
         FROM "GatewayToken" t JOIN "User" u ON u.id = t."userId"
         WHERE t."tokenHash" = $1 AND t."revokedAt" IS NULL AND u."disabledAt" IS NULL
           AND (t."expiresAt" IS NULL OR t."expiresAt" > now() AT TIME ZONE 'UTC')`,
};

/**
 * Resolves a bearer token to its user. Tokens are stored as SHA-256 digests; revoked or expired
 * ones, and tokens of disabled users, fail. It runs on every request, so a revocation applies to
 * the very next request, even inside an open session; it uses `pg` directly because this one
 * query is the gateway's whole per-request database cost (Prisma adds ~0.8 ms to it).
 */
export function createAuthenticator(pool: Pool): Authenticate {
  return async (bearer) => {
    const { rows } = await pool.query<TokenRow>({ ...QUERY, values: [hashOpaqueToken(bearer)] });
    const token = rows[0];
    if (!token) return null;
    return { tokenId: token.id, userId: token.userId, installationIds: token.installationIds };
  };
}
