import { hashOpaqueToken } from "@switchboard/db/tokens";
import type { Pool } from "pg";
import { batchPerTurn } from "../tools/batch-per-turn.ts";

export interface GatewayPrincipal {
  tokenId: string;
  userId: string;
  /** Connector ids the token is limited to, or null for all the user's connectors. */
  connectorIds: string[] | null;
  /** Set when an OAuth consent let the app reach one team's connectors (now and later) only. */
  teamId?: string | null;
  /** Set when the bearer was an OAuth access token; `tokenId` is then this consent's id. */
  oauthConsentId?: string;
  /**
   * Set for a request to one connector's own endpoint (`/mcp/<connector>`): that connector's id,
   * served alone with its names as its server wrote them (`connectorIds` then names it alone).
   */
  connectorEndpoint?: string;
  /** Set for an OAuth access token issued for one connector's endpoint (RFC 8707): that resource's URL. */
  resource?: string;
  /** Epoch ms when the credential expires, if it does: a cached check must not outlive it. */
  validUntil?: number | undefined;
}

export type Authenticate = (bearer: string) => Promise<GatewayPrincipal | null>;

interface TokenRow {
  hash: string;
  id: string;
  userId: string;
  connectorIds: string[] | null;
  validUntil: number | null;
}

// An indexed lookup on the unique token hash for every token of a batch, prepared once per
// connection. Timestamps are stored as UTC without a zone (Prisma's convention), hence
// `now() AT TIME ZONE 'UTC'`.
const QUERY = {
  name: "gateway-authenticate",
  text: `SELECT t."tokenHash" AS hash, t.id::text AS id, t."userId"::text AS "userId",
                CASE WHEN t.restricted THEN ARRAY(
                  SELECT i."installationId"::text FROM "GatewayTokenInstallation" i
                  WHERE i."gatewayTokenId" = t.id ORDER BY i."installationId") END AS "connectorIds",
                (EXTRACT(EPOCH FROM t."expiresAt") * 1000)::float8 AS "validUntil"
         FROM "GatewayToken" t JOIN "User" u ON u.id = t."userId"
         WHERE t."tokenHash" = ANY($1::text[]) AND t."revokedAt" IS NULL AND u."disabledAt" IS NULL
           AND (t."expiresAt" IS NULL OR t."expiresAt" > now() AT TIME ZONE 'UTC')`,
};

/**
 * Resolves a bearer token to its user. Tokens are stored as SHA-256 digests; revoked or expired
 * ones, and tokens of disabled users, fail. Every request is checked by a query that starts after
 * the request arrived, so a revocation applies to the very next request, even inside an open
 * session. Requests that arrive in the same event-loop turn share that query (identical tokens one
 * row): under load the check costs one round trip per batch instead of one per request. It uses
 * `pg` directly because this query is the gateway's whole per-request database cost (Prisma adds
 * ~0.8 ms to it).
 */
export function createAuthenticator(pool: Pool): Authenticate {
  const findToken = batchPerTurn(async (hashes) => {
    const { rows } = await pool.query<TokenRow>({ ...QUERY, values: [hashes] });
    return new Map(rows.map((row) => [row.hash, row]));
  });

  return async (bearer) => {
    const token = await findToken(hashOpaqueToken(bearer));
    return token
      ? {
          tokenId: token.id,
          userId: token.userId,
          connectorIds: token.connectorIds,
          validUntil: token.validUntil ?? undefined,
        }
      : null;
  };
}
