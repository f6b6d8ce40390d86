import { randomUUID } from "node:crypto";
import { isOAuth, validateUserConfig } from "@switchboard/catalog";
import { sealConnectorSecretConfig } from "@switchboard/db/credentials";
import { requireTeamPermission, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { getCatalogEntry } from "../../catalog/lib/get-catalog-entry.ts";
import { installInputSchema } from "./install-schema.ts";
import type { OAuthDependencies } from "./oauth-dependencies.ts";
import { probeRemoteTransport } from "./probe-remote-transport.ts";
import { readSettingsForm, splitSecretSettings } from "./read-settings-form.ts";
import { resolveAuthorizationTarget } from "./resolve-authorization-target.ts";
import { startAuthorizationFlow, withUserSafeOAuthErrors } from "./start-authorization-flow.ts";

/**
 * Installs a catalog entry for the user or one of their teams: an OAuth entry's connector waits for
 * the sign-in at `authorizationUrl`, any other is queued to start.
 * Discovery and client resolution run before anything is stored, so a provider that cannot be
 * reached (or is refused by the SSRF guard), or a remote server that does not answer on the transport
 * its entry declares, leaves no connector behind.
 */
export async function createConnector(
  deps: OAuthDependencies,
  actor: Actor,
  rawInput: unknown,
): Promise<{ connectorId: string; authorizationUrl?: string }> {
  const parsed = installInputSchema.safeParse(rawInput);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]?.message ?? "Invalid input.");
  const input = parsed.data;
  const row = await getCatalogEntry(deps.prisma, input.slug);
  const teamId = input.scope === "personal" ? null : input.scope;
  if (teamId) await requireTeamPermission(deps.prisma, actor, teamId, "team.manageInstallations");
  // Discovery and dynamic registration reach out to other servers: count them before they run.
  if (isOAuth(row.entry.auth)) await deps.enforceRateLimit?.("oauthStart", actor.id);

  const settings = validateUserConfig(row.entry, readSettingsForm(row.entry, input.settings));
  if (!settings.ok) throw new AppError("invalid_input", "Check the highlighted settings.", settings.fieldErrors);
  const { plain, secret } = splitSecretSettings(row.entry, settings.values);
  const target = isOAuth(row.entry.auth)
    ? await withUserSafeOAuthErrors({ log: deps.log, actor }, () =>
        resolveAuthorizationTarget(deps, row, settings.values),
      )
    : undefined;
  if (row.entry.server.type === "remote" && deps.probeFetch) {
    const problem = await probeRemoteTransport(deps.probeFetch, row.entry, settings.values);
    if (problem) throw new AppError("conflict", problem);
  }

  const id = randomUUID();
  const { connector, authorizationUrl } = await deps.prisma.$transaction(async (tx) => {
    const connector = await tx.connector.create({
      data: {
        id,
        catalogEntryId: row.id,
        // The revision whose settings were just validated; later edits wait for the owner to accept.
        catalogRevision: row.revision,
        scope: teamId ? "TEAM" : "PERSONAL",
        ownerUserId: teamId ? null : actor.id,
        teamId,
        name: row.entry.name,
        config: plain,
        secretConfigCiphertext: sealConnectorSecretConfig(deps.secretBox, id, secret),
        status: target ? "AWAITING_AUTHORIZATION" : "QUEUED",
      },
    });
    await tx.auditEvent.create({
      data: {
        actorUserId: actor.id,
        action: "installation.created",
        targetType: "installation",
        targetId: id,
        teamId,
        metadata: { catalogEntry: row.slug, authKind: row.entry.auth.kind },
      },
    });
    const authorizationUrl = target
      ? await withUserSafeOAuthErrors({ log: deps.log, actor }, () =>
          startAuthorizationFlow(deps, tx, { target, userId: actor.id, connectorId: id, returnTo: input.returnTo }),
        )
      : undefined;
    return { connector, authorizationUrl };
  });
  if (authorizationUrl) return { connectorId: id, authorizationUrl };
  await deps.enqueueStart(connector);
  return { connectorId: id };
}

/** Installs (see `createConnector`) and says where the browser goes next: the sign-in, or the new connector. */
export async function installConnector(deps: OAuthDependencies, actor: Actor, rawInput: unknown): Promise<string> {
  const { connectorId, authorizationUrl } = await createConnector(deps, actor, rawInput);
  return authorizationUrl ?? `/connectors/${connectorId}`;
}
