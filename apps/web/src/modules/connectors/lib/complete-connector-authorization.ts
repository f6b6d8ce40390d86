import {
  consumeAuthorizationFlow,
  deleteClientRegistration,
  readOAuthCredential,
  saveOAuthCredential,
} from "@switchboard/db/credentials";
import { loadOAuthClient } from "@switchboard/credential-refresh";
import { completeAuthorization, isOAuthError, type TokenSet } from "@switchboard/oauth";
import { requireTeamPermission, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { toAuthorizationErrorReason, type AuthorizationErrorReason } from "./authorization-errors.ts";
import { findAuthorizingUserId } from "./find-authorizing-user.ts";
import { parseFlowContext } from "./flow-context.ts";
import { revokeAndAudit } from "./revoke-credential-at-provider.ts";
import { FLOW_LIFETIME_MS } from "./start-authorization-flow.ts";
import type { OAuthDependencies } from "./oauth-dependencies.ts";

/**
 * Handles the provider's redirect back and returns the same-origin path to send the browser
 * to. The flow is claimed (single use) before the code is redeemed; every refusal lands on an
 * error page that names a fixed reason, and only a redeemed code changes anything else: the
 * credential (encrypted, replacing an earlier one), the connector (queued) and the audit log.
 */
export async function completeConnectorAuthorization(
  deps: OAuthDependencies,
  actor: Actor,
  params: URLSearchParams,
): Promise<string> {
  await deps.enforceRateLimit?.("oauthCallback", actor.id);
  const state = params.get("state");
  if (!state) return connectorsWithError("expired");
  const claimed = await consumeAuthorizationFlow(deps.prisma, deps.secretBox, { state, userId: actor.id });
  if (!claimed.ok) {
    deps.log.warn({ reason: claimed.reason, userId: actor.id }, "authorization callback refused");
    return connectorsWithError(claimed.reason === "wrong_user" ? "wrong_user" : "expired");
  }
  const { flow } = claimed;
  const connector = await deps.prisma.connector.findUnique({
    where: { id: flow.connectorId },
    include: { catalogEntry: { select: { slug: true } } },
  });
  if (!connector) return connectorsWithError("expired");
  const fail = (reason: AuthorizationErrorReason) => {
    deps.log.warn({ reason, connectorId: connector.id }, "authorization failed");
    const query = new URLSearchParams({ reason, connector: connector.id });
    return `/catalog/${encodeURIComponent(connector.catalogEntry.slug)}/install/error?${query}`;
  };
  // The flow may have started up to FLOW_LIFETIME_MS ago: someone removed from the team or
  // demoted meanwhile must not replace the team's credential with their own account.
  if (!(await mayStillAuthorize(deps.prisma, actor, connector))) return fail("not_permitted");

  const context = parseFlowContext(flow.context);
  if (!context) return fail("failed");
  const client = await loadOAuthClient(deps.prisma, deps.secretBox, context.client, context.authorizationServer);
  if (!client) return fail("client_missing");

  let tokens: TokenSet;
  try {
    tokens = await completeAuthorization(
      {
        state,
        codeVerifier: flow.codeVerifier,
        issuer: context.authorizationServer.issuer,
        clientId: context.clientId,
        redirectUri: context.redirectUri,
        resource: context.resource,
        scopes: context.scopes,
        createdAt: flow.createdAt.toISOString(),
      },
      params,
      client,
      // A connector signs no one in with an ID token; unchecked, its claims cannot fail the grant.
      {
        authorizationServer: context.authorizationServer,
        fetch: deps.fetch,
        maxAgeMs: FLOW_LIFETIME_MS,
        ignoreIdToken: true,
      },
    );
  } catch (error) {
    if (!isOAuthError(error)) throw error;
    if (error.code === "invalid_client" && context.client.kind === "registration") {
      // No admin can fix a dynamic registration, and reusing it would fail every sign-in: forget
      // it, so the next start registers anew.
      await deleteClientRegistration(deps.prisma, context.client.registrationId);
      return fail("registration_rejected");
    }
    return fail(toAuthorizationErrorReason(error.code));
  }

  const { queued, replaced } = await deps.prisma.$transaction(async (tx) => {
    const previous = await readOAuthCredential(tx, deps.secretBox, connector.id);
    const replaced = previous && (await findAuthorizingUserId(tx, connector.id)) !== actor.id ? previous : undefined;
    await saveOAuthCredential(tx, deps.secretBox, connector.id, {
      ...tokens,
      issuer: context.authorizationServer.issuer,
      tokenEndpoint: context.authorizationServer.token_endpoint,
      resource: context.resource,
      client: context.client,
    });
    await tx.auditEvent.create({
      data: {
        actorUserId: actor.id,
        action: "installation.authorized",
        targetType: "installation",
        targetId: connector.id,
        teamId: connector.teamId,
        metadata: { issuer: context.authorizationServer.issuer, scope: tokens.scope ?? null },
      },
    });
    const queued = await tx.connector.update({
      where: { id: connector.id },
      data: { status: "QUEUED", statusReason: null, desiredState: "RUNNING" },
    });
    return { queued, replaced };
  });
  // Someone else's grant (a team admin who re-authorizes after a colleague) ends at the provider.
  // The same user's earlier grant is left alone: providers such as Google end every token of a
  // user and client on revocation, which would take the new credential down with it.
  if (replaced) {
    await revokeAndAudit(deps, replaced, { actorUserId: actor.id, teamId: connector.teamId, reason: "replaced" });
  }
  try {
    await deps.enqueueStart(queued);
  } catch (error) {
    // The credential is stored and the connector is QUEUED: the runner's reconcile job starts
    // it even if this enqueue was lost, so the user still lands on their connector.
    deps.log.warn({ connectorId: connector.id, err: error }, "could not enqueue the connector start");
  }
  return flow.returnTo ?? `/connectors/${connector.id}`;
}

async function mayStillAuthorize(
  prisma: OAuthDependencies["prisma"],
  actor: Actor,
  connector: { ownerUserId: string | null; teamId: string | null },
): Promise<boolean> {
  if (!connector.teamId) return connector.ownerUserId === actor.id;
  return requireTeamPermission(prisma, actor, connector.teamId, "team.manageInstallations").then(
    () => true,
    (error: unknown) => {
      if (error instanceof AppError) return false;
      throw error;
    },
  );
}

function connectorsWithError(reason: AuthorizationErrorReason): string {
  return `/connectors?${new URLSearchParams({ authorization: reason })}`;
}
