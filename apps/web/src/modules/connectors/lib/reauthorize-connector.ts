import { isOAuth } from "@switchboard/catalog";
import { readConnectorConfig, readConnectorSecretConfig } from "@switchboard/db/credentials";
import { z } from "zod";
import type { Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { getManagedConnector } from "./get-managed-connector.ts";
import type { OAuthDependencies } from "./oauth-dependencies.ts";
import { resolveAuthorizationTarget } from "./resolve-authorization-target.ts";
import { startAuthorizationFlow, withUserSafeOAuthErrors } from "./start-authorization-flow.ts";

const reauthorizeInputSchema = z.object({ connectorId: z.uuid(), returnTo: z.string().max(2000).optional() });

/**
 * Starts a new authorization for an existing OAuth connector, keeping its settings; the
 * callback replaces its credential. Returns the provider's authorization URL.
 */
export async function reauthorizeConnector(deps: OAuthDependencies, actor: Actor, rawInput: unknown) {
  const parsed = reauthorizeInputSchema.safeParse(rawInput);
  if (!parsed.success) throw new AppError("invalid_input", "Unknown connector.");
  await deps.enforceRateLimit?.("oauthStart", actor.id);
  const connector = await getManagedConnector(deps.prisma, actor, parsed.data.connectorId);
  if (!isOAuth(connector.entry.auth)) {
    throw new AppError("invalid_input", "This connector does not sign in with OAuth.");
  }
  const secret = await readConnectorSecretConfig(deps.prisma, deps.secretBox, connector.id);
  const settings = { ...readConnectorConfig(connector.config), ...secret };
  const row = { id: connector.catalogEntryId, entry: connector.entry };
  const target = await withUserSafeOAuthErrors({ log: deps.log, actor }, () =>
    resolveAuthorizationTarget(deps, row, settings),
  );
  return withUserSafeOAuthErrors({ log: deps.log, actor }, () =>
    startAuthorizationFlow(deps, deps.prisma, {
      target,
      userId: actor.id,
      connectorId: connector.id,
      returnTo: parsed.data.returnTo,
    }),
  );
}
