import type { PrismaClient } from "@switchboard/db";
import {
  deleteClientRegistration,
  lockOAuthCredential,
  markCredentialNeedsReauth,
  readOAuthCredentialById,
  recordRefreshFailure,
  storeRefreshedTokens,
  type StoredOAuthCredential,
} from "@switchboard/db/credentials";
import type { SecretBox } from "@switchboard/db/crypto";
import { isOAuthError, refreshTokens, type GuardedFetch, type OAuthError, type TokenSet } from "@switchboard/oauth";
import { computeRefreshDueAt, DEFAULT_REFRESH_POLICY, type RefreshPolicy } from "./compute-refresh-due-at.ts";
import { CredentialRefreshError } from "./credential-refresh-error.ts";
import { loadOAuthClient } from "./load-oauth-client.ts";
import { shareInFlight } from "./share-in-flight.ts";
import { isIssuerBound } from "./stored-client.ts";

export interface RefreshCredentialDeps {
  /** SSRF-guarded fetch for the token endpoint. */
  fetch: GuardedFetch;
  policy?: RefreshPolicy;
  /**
   * The access token a server just answered 401 to: refresh even though its expiry says it is
   * fresh, unless the stored token is already another one (someone refreshed meanwhile).
   */
  rejectedAccessToken?: string | undefined;
  /** Longest the row lock is held or waited for. Default 30 s (the token request times out after 10). */
  lockTimeoutMs?: number;
}

export interface RefreshOutcome {
  credential: StoredOAuthCredential;
  /** False when the stored token was still fresh and the provider was not asked. */
  refreshed: boolean;
}

type Decision =
  | { kind: "missing" }
  | { kind: "current"; credential: StoredOAuthCredential; refreshed: boolean }
  | { kind: "needs_reauth"; reason: string }
  | { kind: "failed"; error: OAuthError };

const inFlight = new WeakMap<PrismaClient, Map<string, Promise<RefreshOutcome>>>();

/**
 * Returns the credential with a fresh access token, refreshing it if it is due. Single flight:
 * callers in one process share one refresh, and across processes the credential's row lock is
 * held for the whole refresh, so with rotating refresh tokens no token is ever spent twice (the
 * provider would revoke the grant). Inside the lock the row is re-read, and the new tokens are
 * written in the same transaction; if the process dies before it commits, the old tokens stay
 * (the access token is still valid: refreshes happen a margin before expiry).
 *
 * Throws `CredentialRefreshError`: `needs_reauth` (grant revoked or expired, no refresh token,
 * client deleted or not bound to an issuer: the connector now shows NEEDS_REAUTH), `refresh_failed` (retryable when
 * transient; the credential shows FAILING), `not_found`.
 */
export async function refreshCredential(
  prisma: PrismaClient,
  box: SecretBox,
  credentialId: string,
  deps: RefreshCredentialDeps,
): Promise<RefreshOutcome> {
  const refresh = () =>
    shareInFlight(inFlight, prisma, credentialId, () => refreshOnce(prisma, box, credentialId, deps));
  const outcome = await refresh();
  // A caller whose token was just rejected may have joined a flight that found that same token
  // fresh by its expiry; asking again makes its own flight, which refreshes.
  const joinedStale =
    deps.rejectedAccessToken !== undefined && outcome.credential.accessToken === deps.rejectedAccessToken;
  return joinedStale ? refresh() : outcome;
}

async function refreshOnce(
  prisma: PrismaClient,
  box: SecretBox,
  credentialId: string,
  deps: RefreshCredentialDeps,
): Promise<RefreshOutcome> {
  const decision = await prisma.$transaction((tx) => decideUnderLock(tx, box, credentialId, deps), {
    maxWait: deps.lockTimeoutMs ?? 30_000,
    timeout: deps.lockTimeoutMs ?? 30_000,
  });
  switch (decision.kind) {
    case "current":
      return { credential: decision.credential, refreshed: decision.refreshed };
    case "missing":
      throw new CredentialRefreshError("not_found", "The credential no longer exists.");
    case "needs_reauth":
      throw new CredentialRefreshError("needs_reauth", decision.reason);
    case "failed":
      throw new CredentialRefreshError("refresh_failed", decision.error.message, {
        retryable: decision.error.retryable,
        retryAfterMs: decision.error.retryAfterMs,
      });
  }
}

type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

async function decideUnderLock(
  tx: Transaction,
  box: SecretBox,
  credentialId: string,
  deps: RefreshCredentialDeps,
): Promise<Decision> {
  if (!(await lockOAuthCredential(tx, credentialId))) return { kind: "missing" };
  const credential = await readOAuthCredentialById(tx, box, credentialId);
  if (!credential) return { kind: "missing" };
  if (credential.status === "NEEDS_REAUTH" || credential.status === "REVOKED") {
    return { kind: "needs_reauth", reason: "The connector needs to be authorized again." };
  }
  const now = new Date();
  if (!isDue(credential, now, deps)) return { kind: "current", credential, refreshed: false };

  const needsReauth = async (reason: string): Promise<Decision> => {
    await markCredentialNeedsReauth(tx, credentialId, reason);
    return { kind: "needs_reauth", reason };
  };
  if (credential.refreshToken === undefined) {
    return needsReauth("The access token expired and the provider issued no refresh token.");
  }
  const client = credential.client && (await loadOAuthClient(tx, box, credential.client));
  if (!client) return needsReauth("The OAuth client that authorized this connector was removed.");
  if (!isIssuerBound(client)) {
    return needsReauth(
      "The OAuth client has no recorded issuer, so its secret is not sent: an admin must save the OAuth client again, then the connector must be authorized again.",
    );
  }

  const authorizationServer = { issuer: credential.issuer, token_endpoint: credential.tokenEndpoint };
  let tokens: TokenSet;
  try {
    tokens = await refreshTokens(client, authorizationServer, credential.refreshToken, {
      resource: credential.resource,
      grantedScope: credential.scope,
      fetch: deps.fetch,
      ignoreIdToken: true,
    });
  } catch (error) {
    if (isOAuthError(error, "invalid_grant")) {
      return needsReauth("The provider no longer accepts this authorization (revoked or expired).");
    }
    if (!isOAuthError(error)) throw error;
    if (error.code === "invalid_client" && credential.client?.kind === "registration") {
      // No admin can fix a dynamic registration; the next authorization registers anew.
      await deleteClientRegistration(tx, credential.client.registrationId);
      return needsReauth("The authorization server no longer knows this registration of Switchboard: authorize again.");
    }
    // A refusal of the grant no retry can change, with no usable access token left: only a new
    // authorization helps (Zoom calls a spent refresh token invalid_request, not invalid_grant).
    // A rejected client is the admin's to fix, after which the stored grant works again.
    if (GRANT_REFUSALS.has(error.code) && isUsedUp(credential, now, deps)) {
      return needsReauth(`${error.message} The access token has expired: authorize the connector again.`);
    }
    await recordRefreshFailure(tx, credentialId, error.message);
    return { kind: "failed", error };
  }
  const stored = {
    ...tokens,
    refreshToken: tokens.refreshToken ?? credential.refreshToken,
    scope: tokens.scope ?? credential.scope,
  };
  const { version } = await storeRefreshedTokens(tx, box, credential, stored, now);
  return {
    kind: "current",
    refreshed: true,
    credential: { ...credential, ...stored, version, status: "ACTIVE", issuedAt: now, lastRefreshedAt: now },
  };
}

const GRANT_REFUSALS: ReadonlySet<OAuthError["code"]> = new Set(["provider_error", "invalid_token_response"]);

/** The stored access token can no longer be used: past its expiry, or just rejected by a server. */
function isUsedUp(credential: StoredOAuthCredential, now: Date, deps: RefreshCredentialDeps): boolean {
  if (deps.rejectedAccessToken !== undefined && deps.rejectedAccessToken === credential.accessToken) return true;
  return credential.expiresAt !== undefined && credential.expiresAt.getTime() <= now.getTime();
}

function isDue(credential: StoredOAuthCredential, now: Date, deps: RefreshCredentialDeps): boolean {
  if (deps.rejectedAccessToken !== undefined && deps.rejectedAccessToken === credential.accessToken) return true;
  const timing = { ...credential, hasRefreshToken: credential.refreshToken !== undefined };
  const dueAt = computeRefreshDueAt(timing, deps.policy ?? DEFAULT_REFRESH_POLICY);
  return dueAt !== undefined && dueAt.getTime() <= now.getTime();
}
