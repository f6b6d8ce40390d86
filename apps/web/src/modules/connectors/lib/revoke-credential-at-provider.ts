import { isIssuerBound, loadOAuthClient } from "@switchboard/credential-refresh";
import { readOAuthCredential, type StoredOAuthCredential } from "@switchboard/db/credentials";
import { discoverAuthorizationServer, isOAuthError, revokeToken } from "@switchboard/oauth";
import type { OAuthDependencies } from "./oauth-dependencies.ts";

export type RevocationDependencies = Pick<OAuthDependencies, "prisma" | "secretBox" | "fetch" | "log">;

export type RevocationOutcome = "revoked" | "unsupported" | "failed";

/**
 * RFC 7009: asks the provider to end the grant behind a credential Switchboard forgets or
 * replaces, so a copy of its tokens (a container's environment, a backup) stops working too.
 * Best effort: no failure (a provider without a revocation endpoint or one that does not answer, a
 * secret that cannot be decrypted, the database) blocks an uninstall; the outcome is logged and
 * returned for the audit log.
 */
export async function revokeCredentialAtProvider(
  deps: RevocationDependencies,
  credential: StoredOAuthCredential,
): Promise<RevocationOutcome> {
  const context = { connectorId: credential.connectorId, issuer: credential.issuer };
  try {
    if (!credential.client) return "unsupported";
    // The credential keeps the issuer, not the metadata: look the revocation endpoint up again.
    const authorizationServer = await discoverAuthorizationServer(credential.issuer, { fetch: deps.fetch });
    const client = await loadOAuthClient(deps.prisma, deps.secretBox, credential.client, authorizationServer);
    if (!client || !authorizationServer.revocation_endpoint) return "unsupported";
    if (!isIssuerBound(client)) {
      // Saved before clients were bound to an issuer: its secret would go wherever the credential's
      // issuer discovery leads, so it is not sent at all.
      deps.log.warn(context, "token revocation skipped: the OAuth client has no issuer; an admin must save it again");
      return "unsupported";
    }
    // The refresh token first: revoking it ends the grant at most providers (RFC 7009 §2.1).
    if (credential.refreshToken) {
      await revokeToken(client, authorizationServer, credential.refreshToken, {
        tokenTypeHint: "refresh_token",
        fetch: deps.fetch,
      });
    }
    await revokeToken(client, authorizationServer, credential.accessToken, {
      tokenTypeHint: "access_token",
      fetch: deps.fetch,
    });
    return "revoked";
  } catch (error) {
    if (isOAuthError(error, "metadata_not_found")) return "unsupported";
    // Anything else (an undecryptable client secret, the database) must not leave an uninstall half
    // done either. Only the error's code or name is logged: a driver's message may quote values.
    deps.log.warn({ ...context, code: codeOf(error) }, "token revocation at the provider failed");
    return "failed";
  }
}

function codeOf(error: unknown): string {
  if (isOAuthError(error)) return error.code;
  return error instanceof Error ? error.name : "unknown";
}

interface RevocationAudit {
  actorUserId: string | null;
  teamId: string | null;
  reason: "uninstalled" | "replaced" | "authorizer_left";
}

/** Revokes at the provider and records the outcome (never a token) in the audit log. */
export async function revokeAndAudit(
  deps: RevocationDependencies,
  credential: StoredOAuthCredential,
  audit: RevocationAudit,
): Promise<RevocationOutcome> {
  const outcome = await revokeCredentialAtProvider(deps, credential);
  await recordRevocation(deps, credential.connectorId, credential.issuer, audit, outcome);
  return outcome;
}

/**
 * The connector's credential, if any, revoked and audited; one that cannot even be decrypted is
 * audited as failed, so an uninstall never stops halfway (stopped and queued for removal, row kept).
 */
export async function revokeConnectorCredential(
  deps: RevocationDependencies,
  connectorId: string,
  audit: RevocationAudit,
): Promise<void> {
  let credential: StoredOAuthCredential | undefined;
  try {
    credential = await readOAuthCredential(deps.prisma, deps.secretBox, connectorId);
  } catch (error) {
    deps.log.warn({ connectorId, code: codeOf(error) }, "token revocation at the provider failed");
    const row = await deps.prisma.oAuthCredential.findUnique({ where: { connectorId }, select: { issuer: true } });
    return recordRevocation(deps, connectorId, row?.issuer ?? null, audit, "failed");
  }
  if (credential) await revokeAndAudit(deps, credential, audit);
}

async function recordRevocation(
  deps: RevocationDependencies,
  connectorId: string,
  issuer: string | null,
  audit: RevocationAudit,
  outcome: RevocationOutcome,
): Promise<void> {
  await deps.prisma.auditEvent.create({
    data: {
      actorUserId: audit.actorUserId,
      action: "credential.revoked_at_provider",
      targetType: "installation",
      targetId: connectorId,
      teamId: audit.teamId,
      metadata: { issuer, reason: audit.reason, outcome },
    },
  });
}
