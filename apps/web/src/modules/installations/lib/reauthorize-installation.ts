import { isOAuth } from "@switchboard/catalog";
import { readInstallationSecretConfig } from "@switchboard/db/credentials";
import { z } from "zod";
import type { Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { getManagedInstallation } from "./get-managed-installation.ts";
import type { OAuthDependencies } from "./oauth-dependencies.ts";
import { resolveAuthorizationTarget } from "./resolve-authorization-target.ts";
import { startAuthorizationFlow, withUserSafeOAuthErrors } from "./start-authorization-flow.ts";

const reauthorizeInputSchema = z.object({ installationId: z.uuid(), returnTo: z.string().max(2000).optional() });

/**
 * Starts a new authorization for an existing OAuth installation, keeping its settings; the
 * callback replaces its credential. Returns the provider's authorization URL.
 */
export async function reauthorizeInstallation(deps: OAuthDependencies, actor: Actor, rawInput: unknown) {
  const parsed = reauthorizeInputSchema.safeParse(rawInput);
  if (!parsed.success) throw new AppError("invalid_input", "Unknown connector.");
  await deps.enforceRateLimit?.("oauthStart", actor.id);
  const installation = await getManagedInstallation(deps.prisma, actor, parsed.data.installationId);
  if (!isOAuth(installation.entry.auth)) {
    throw new AppError("invalid_input", "This connector does not sign in with OAuth.");
  }
  const secret = await readInstallationSecretConfig(deps.prisma, deps.secretBox, installation.id);
  const settings = { ...(installation.config as Record<string, unknown>), ...secret };
  const row = { id: installation.catalogEntryId, entry: installation.entry };
  const target = await withUserSafeOAuthErrors({ log: deps.log, actor }, () =>
    resolveAuthorizationTarget(deps, row, settings),
  );
  return withUserSafeOAuthErrors({ log: deps.log, actor }, () =>
    startAuthorizationFlow(deps, deps.prisma, {
      target,
      userId: actor.id,
      installationId: installation.id,
      returnTo: parsed.data.returnTo,
    }),
  );
}
