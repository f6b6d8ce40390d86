import { createAuthorizationFlow, type DbClient } from "@switchboard/db/credentials";
import { beginAuthorization, isOAuthError } from "@switchboard/oauth";
import { safeReturnPath } from "@/lib/safe-return-path.ts";
import type { Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import type { FlowContext } from "./flow-context.ts";
import type { OAuthDependencies } from "./oauth-dependencies.ts";
import type { AuthorizationTarget } from "./resolve-authorization-target.ts";

export const FLOW_LIFETIME_MS = 10 * 60_000;

/**
 * Builds the authorization URL (PKCE S256, fresh state) and records the flow, bound to the user:
 * only the state's hash is stored, the verifier encrypted. Returns the URL to redirect to.
 */
export async function startAuthorizationFlow(
  deps: Pick<OAuthDependencies, "secretBox" | "redirectUri">,
  tx: DbClient,
  input: { target: AuthorizationTarget; userId: string; connectorId: string; returnTo?: string | undefined },
): Promise<string> {
  const { target } = input;
  const { authorizationUrl, flowState } = await beginAuthorization({
    authorizationServer: target.authorizationServer,
    client: target.client,
    redirectUri: deps.redirectUri,
    resource: target.resource,
    scopes: target.scopes,
    scopeParameter: target.scopeParameter,
    extraParams: target.extraParams,
  });
  const context: FlowContext = {
    authorizationServer: target.authorizationServer,
    client: target.clientReference,
    clientId: target.client.clientId,
    redirectUri: flowState.redirectUri,
    ...(flowState.resource !== undefined && { resource: flowState.resource }),
    scopes: flowState.scopes,
  };
  await createAuthorizationFlow(tx, deps.secretBox, {
    userId: input.userId,
    connectorId: input.connectorId,
    state: flowState.state,
    codeVerifier: flowState.codeVerifier,
    context: JSON.parse(JSON.stringify(context)),
    returnTo: safeReturnPath(input.returnTo, `/connectors/${input.connectorId}`),
    expiresAt: new Date(Date.now() + FLOW_LIFETIME_MS),
  });
  return authorizationUrl;
}

// These messages say whether a host name resolves and to which address class (private, loopback,
// link-local): fine for an administrator, a probe of the internal network for anyone else.
const NETWORK_REVEALING_CODES = new Set(["ssrf_blocked", "network_error", "timeout"]);

/**
 * OAuth engine errors carry messages free of tokens and provider text: show them as form errors.
 * Errors about reaching a host are shown in full only to instance admins; members get one generic
 * message, and the details go to the log.
 */
export async function withUserSafeOAuthErrors<T>(
  context: { log: OAuthDependencies["log"]; actor: Actor },
  body: () => Promise<T>,
): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (!isOAuthError(error)) throw error;
    const prefix = "Could not start the sign-in with the provider:";
    if (!NETWORK_REVEALING_CODES.has(error.code) || context.actor.isInstanceAdmin) {
      throw new AppError("invalid_input", `${prefix} ${error.message}`);
    }
    context.log.warn({ code: error.code, detail: error.message, userId: context.actor.id }, "provider unreachable");
    throw new AppError(
      "invalid_input",
      `${prefix} it could not be reached. An administrator can find the details in the logs.`,
    );
  }
}
