import type { PrismaClient } from "@switchboard/db";
import {
  revokeConnectorCredential,
  type RevocationDependencies,
} from "@/modules/connectors/lib/revoke-credential-at-provider.ts";
import { requireTeamPermission, type Actor } from "@/server/authz.ts";
import { requestConnectorJob } from "@/server/jobs.ts";
import { getConnectorForUser } from "./get-connector-for-user.ts";

/** Whether the actor may start, stop or uninstall it: its owner, or a team admin for team connectors. */
export async function mayManageConnector(
  prisma: PrismaClient,
  actor: Actor,
  connector: { scope: string; teamId: string | null },
): Promise<boolean> {
  if (connector.scope !== "TEAM" || !connector.teamId) return true;
  return requireTeamPermission(prisma, actor, connector.teamId, "team.manageInstallations").then(
    () => true,
    () => false,
  );
}

/** Members see team connectors; changing one takes a team admin (as installing it did). */
async function getConnectorToManage(prisma: PrismaClient, actor: Actor, id: string) {
  const connector = await getConnectorForUser(prisma, actor, id);
  if (connector.scope === "TEAM" && connector.teamId) {
    await requireTeamPermission(prisma, actor, connector.teamId, "team.manageInstallations");
  }
  return connector;
}

async function audit(
  prisma: PrismaClient,
  actor: Actor,
  action: string,
  connector: { id: string; teamId: string | null },
) {
  await prisma.auditEvent.create({
    data: {
      actorUserId: actor.id,
      action,
      targetType: "installation",
      targetId: connector.id,
      teamId: connector.teamId,
    },
  });
}

export type ConnectorCommand = "start" | "stop" | "restart";

/**
 * Records what the user wants, then asks the runner. The runner acts on desired state, so a stop
 * that overtakes a start (or the reverse) ends where the user's last click said.
 */
export async function changeDesiredState(
  prisma: PrismaClient,
  actor: Actor,
  id: string,
  command: ConnectorCommand,
): Promise<void> {
  const connector = await getConnectorToManage(prisma, actor, id);
  const updated = await prisma.connector.update({
    where: { id },
    data:
      command === "stop"
        ? { desiredState: "STOPPED" }
        : { desiredState: "RUNNING", status: "QUEUED", statusReason: null, restartCount: 0 },
  });
  await audit(prisma, actor, `installation.${command}`, connector);
  await requestConnectorJob(`installation.${command}`, updated);
}

export interface UninstallDependencies extends RevocationDependencies {
  requestRemoval(connector: { id: string; updatedAt: Date; runnerId: string | null }): Promise<void>;
}

/**
 * Stops it first (so no reconcile restarts it), asks the runner to remove the container, revokes
 * its OAuth grant at the provider (RFC 7009), then deletes the row.
 */
export async function uninstallConnector(deps: UninstallDependencies, actor: Actor, id: string): Promise<void> {
  const { prisma } = deps;
  const connector = await getConnectorToManage(prisma, actor, id);
  const updated = await prisma.connector.update({ where: { id }, data: { desiredState: "STOPPED" } });
  await deps.requestRemoval(updated);
  await revokeConnectorCredential(deps, id, {
    actorUserId: actor.id,
    teamId: connector.teamId,
    reason: "uninstalled",
  });
  await audit(prisma, actor, "installation.uninstalled", connector);
  await prisma.connector.delete({ where: { id } });
}
