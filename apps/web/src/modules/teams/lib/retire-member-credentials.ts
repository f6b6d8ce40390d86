import type { PrismaClient } from "@switchboard/db";
import { markCredentialNeedsReauth, readOAuthCredential } from "@switchboard/db/credentials";
import { findAuthorizingUserId } from "@/modules/connectors/lib/find-authorizing-user.ts";
import { revokeAndAudit, type RevocationDependencies } from "@/modules/connectors/lib/revoke-credential-at-provider.ts";
import type { Actor } from "@/server/authz.ts";

type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export const AUTHORIZER_LEFT_REASON =
  "The team member who authorized this connector left the team or is no longer a team admin. " +
  "A team admin must authorize it again with their own account.";

/**
 * A team connector runs on the personal grant of whoever authorized it. When that member leaves
 * the team or loses the right to manage its connectors, the connector must not keep using their
 * account: its credential goes to needs-re-authorization (the connector page shows why). Runs in
 * the caller's transaction; returns the connectors whose grants the caller then revokes.
 */
export async function retireCredentialsAuthorizedBy(tx: Transaction, teamId: string, userId: string) {
  const candidates = await tx.connector.findMany({
    where: { teamId, credential: { status: { in: ["ACTIVE", "FAILING"] } } },
    select: { id: true, credential: { select: { id: true } } },
  });
  const retired: string[] = [];
  for (const connector of candidates) {
    if (!connector.credential || (await findAuthorizingUserId(tx, connector.id)) !== userId) continue;
    await markCredentialNeedsReauth(tx, connector.credential.id, AUTHORIZER_LEFT_REASON);
    retired.push(connector.id);
  }
  return retired;
}

/** Ends the retired grants at the provider (RFC 7009), after the membership change is committed. */
export async function revokeRetiredCredentials(
  deps: RevocationDependencies,
  actor: Actor,
  teamId: string,
  connectorIds: readonly string[],
): Promise<void> {
  for (const connectorId of connectorIds) {
    const credential = await readOAuthCredential(deps.prisma, deps.secretBox, connectorId);
    if (credential)
      await revokeAndAudit(deps, credential, { actorUserId: actor.id, teamId, reason: "authorizer_left" });
  }
}
