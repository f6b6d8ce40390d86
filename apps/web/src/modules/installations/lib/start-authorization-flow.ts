import { createAuthorizationFlow, type DbClient } from "@switchboard/db/credentials";
import { beginAuthorization, isOAuthError } from "@switchboard/oauth";
import { safeReturnPath } from "@/lib/safe-return-path.ts";
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
  input: { target: AuthorizationTarget; userId: string; installationId: string; returnTo?: string | undefined },
): Promise<string> {
  const { target } = input;
  const { authorizationUrl, flowState } = await beginAuthorization({
    authorizationServer: target.authorizationServer,
    client: target.client,
    redirectUri: deps.redirectUri,
    resource: target.resource,
    scopes: target.scopes,
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
    installationId: input.installationId,
    state: flowState.state,
    codeVerifier: flowState.codeVerifier,
    context: JSON.parse(JSON.stringify(context)),
    returnTo: safeReturnPath(input.returnTo, `/connectors/${input.installationId}`),
    expiresAt: new Date(Date.now() + FLOW_LIFETIME_MS),
  });
  return authorizationUrl;
}

/** OAuth engine errors carry user-safe messages (no tokens, no provider text): show them as form errors. */
export async function withUserSafeOAuthErrors<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (isOAuthError(error)) {
      throw new AppError("invalid_input", `Could not start the sign-in with the provider: ${error.message}`);
    }
    throw error;
  }
}
