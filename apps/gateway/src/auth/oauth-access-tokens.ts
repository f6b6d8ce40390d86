import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWK } from "jose";
import type { Pool } from "pg";
import type { Authenticate, GatewayPrincipal } from "./authenticate.ts";
import { batchPerTurn } from "../tools/batch-per-turn.ts";
import { CONNECTOR_SEGMENT } from "../http/connector-endpoints.ts";

export interface OAuthAccessTokenOptions {
  pool: Pool;
  /** Switchboard's authorization server (the web app's public URL). */
  issuer: string;
  /**
   * The gateway's canonical MCP endpoint: the audience of tokens for every path, and the base of
   * one connector's own endpoint (`<audience>/<connector>`), whose tokens are good there only.
   */
  audience: string;
}

interface ConsentRow {
  grantId: string;
  id: string;
  userId: string;
  connectorIds: string[] | null;
  teamId: string | null;
}

const KEYS_QUERY = `SELECT "publicJwk" AS jwk FROM "OAuthSigningKey"`;

// The consent behind a grant, only while the grant lives and its user is enabled: revoking the app
// (consent deleted) or its token family (grant deleted) fails the next request. The provider's rows
// are keyed by the SHA-256 of its ids. A team consent is stored restricted with no profile rows (a
// reader unaware of teams then grants it nothing); its team narrows it instead. Timestamps are UTC
// without a zone (Prisma's convention).
const CONSENT_QUERY = {
  name: "gateway-oauth-consent",
  text: `SELECT c."grantId" AS "grantId", c.id::text AS id, c."userId"::text AS "userId",
                CASE WHEN c.restricted AND c."teamId" IS NULL THEN ARRAY(
                  SELECT i."installationId"::text FROM "OAuthConsentInstallation" i
                  WHERE i."consentId" = c.id ORDER BY i."installationId") END AS "connectorIds",
                c."teamId"::text AS "teamId"
         FROM "OAuthConsent" c
         JOIN "User" u ON u.id = c."userId"
         JOIN "OidcPayload" g ON g.kind = 'Grant' AND g.id = encode(sha256(convert_to(c."grantId", 'UTF8')), 'hex')
         WHERE c."grantId" = ANY($1::text[]) AND u."disabledAt" IS NULL
           AND (g."expiresAt" IS NULL OR g."expiresAt" > now() AT TIME ZONE 'UTC')`,
};

/** A token naming an unknown key re-reads the keys at most this often (a rotated key is picked up fast; forged `kid`s cost one query per interval). */
const KEY_RELOAD_MIN_INTERVAL_MS = 5_000;

/**
 * Accepts the access tokens Switchboard's authorization server issues for the gateway: JWTs whose
 * signature is checked locally against the public keys in Postgres (read once, re-read when a token
 * names an unknown key), with issuer, audience (RFC 8707) and expiry enforced. The consent is then
 * checked like a gateway token: one batched query per event-loop turn, and the gateway caches the
 * result as it caches gateway-token checks (emptied by the same change notifications).
 */
export function createOAuthAuthenticator({ pool, issuer, audience }: OAuthAccessTokenOptions): Authenticate {
  let keys: ReturnType<typeof createLocalJWKSet> | undefined;
  let keysLoadedAt = 0;
  let loading: Promise<ReturnType<typeof createLocalJWKSet>> | undefined;

  /** One query however many requests wait for the keys. */
  function loadKeys() {
    loading ??= pool
      .query<{ jwk: JWK }>(KEYS_QUERY)
      .then(({ rows }) => {
        keys = createLocalJWKSet({ keys: rows.map((row) => row.jwk) } as JSONWebKeySet);
        keysLoadedAt = Date.now();
        return keys;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  }

  async function verify(bearer: string) {
    const options = { issuer, algorithms: ["RS256"], typ: "at+jwt", requiredClaims: ["sub", "grant_id", "aud"] };
    try {
      return (await jwtVerify(bearer, keys ?? (await loadKeys()), options)).payload;
    } catch (error) {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey) || Date.now() - keysLoadedAt < KEY_RELOAD_MIN_INTERVAL_MS)
        throw error;
      return (await jwtVerify(bearer, await loadKeys(), options)).payload;
    }
  }

  const findConsent = batchPerTurn(async (grantIds) => {
    const { rows } = await pool.query<ConsentRow>({ ...CONSENT_QUERY, values: [grantIds] });
    return new Map(rows.map((row) => [row.grantId, row]));
  });

  return async (bearer): Promise<GatewayPrincipal | null> => {
    let claims;
    try {
      claims = await verify(bearer);
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
    const resource = readAudience(claims.aud, audience);
    if (resource === null) return null;
    const consent = await findConsent(String(claims.grant_id));
    if (!consent || consent.userId !== claims.sub) return null;
    return {
      tokenId: consent.id,
      userId: consent.userId,
      connectorIds: consent.connectorIds,
      teamId: consent.teamId,
      oauthConsentId: consent.id,
      ...(resource !== undefined && { resource }),
      // A cached check must not outlive the token.
      validUntil: typeof claims.exp === "number" ? claims.exp * 1000 : undefined,
    };
  };
}

/**
 * RFC 8707: the token's one audience is the gateway (undefined: good on every path) or one
 * connector's endpoint below it (that resource, without a trailing slash, as the server compares
 * paths); anything else (null) is another resource's token.
 */
function readAudience(aud: unknown, audience: string): string | null | undefined {
  const [only, ...others] = typeof aud === "string" ? [aud] : Array.isArray(aud) ? (aud as unknown[]) : [];
  if (typeof only !== "string" || others.length > 0) return null;
  if (only === audience) return undefined;
  const segment = only.startsWith(`${audience}/`) ? only.slice(audience.length + 1).replace(/\/$/, "") : "";
  return CONNECTOR_SEGMENT.test(segment) ? `${audience}/${segment}` : null;
}

/** JWTs go to the OAuth check, everything else is a gateway token (`sbg_…`). */
export function routeBearerTokens(oauth: Authenticate, gatewayTokens: Authenticate): Authenticate {
  return (bearer) => (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(bearer) ? oauth(bearer) : gatewayTokens(bearer));
}
