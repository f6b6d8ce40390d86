import type { PrismaClient } from "@switchboard/db";
import {
  revokeInstallationCredential,
  type RevocationDependencies,
} from "@/modules/installations/lib/revoke-credential-at-provider.ts";
import { requireTeamPermission, type Actor } from "@/server/authz.ts";
import { requestInstallationJob } from "@/server/jobs.ts";
import { getInstallationForUser } from "./get-installation-for-user.ts";

/** Whether the actor may start, stop or uninstall it: its owner, or a team admin for team installations. */
export async function mayManageInstallation(
  prisma: PrismaClient,
  actor: Actor,
  installation: { scope: string; teamId: string | null },
): Promise<boolean> {
  if (installation.scope !== "TEAM" || !installation.teamId) return true;
  return requireTeamPermission(prisma, actor, installation.teamId, "team.manageInstallations").then(
    () => true,
    () => false,
  );
}

/** Members see team installations; changing one takes a team admin (as installing it did). */
async function getInstallationToManage(prisma: PrismaClient, actor: Actor, id: string) {
  const installation = await getInstallationForUser(prisma, actor, id);
  if (installation.scope === "TEAM" && installation.teamId) {
    await requireTeamPermission(prisma, actor, installation.teamId, "team.manageInstallations");
  }
  return installation;
}

async function audit(
  prisma: PrismaClient,
  actor: Actor,
  action: string,
  installation: { id: string; teamId: string | null },
) {
  await prisma.auditEvent.create({
    data: {
      actorUserId: actor.id,
      action,
      targetType: "installation",
      targetId: installation.id,
      teamId: installation.teamId,
    },
  });
}

export type InstallationCommand = "start" | "stop" | "restart";

/**
 * Records what the user wants, then asks the runner. The runner acts on desired state, so a stop
 * that overtakes a start (or the reverse) ends where the user's last click said.
 */
export async function changeDesiredState(
  prisma: PrismaClient,
  actor: Actor,
  id: string,
  command: InstallationCommand,
): Promise<void> {
  const installation = await getInstallationToManage(prisma, actor, id);
  const updated = await prisma.installation.update({
    where: { id },
    data:
      command === "stop"
        ? { desiredState: "STOPPED" }
        : { desiredState: "RUNNING", status: "QUEUED", statusReason: null, restartCount: 0 },
  });
  await audit(prisma, actor, `installation.${command}`, installation);
  await requestInstallationJob(`installation.${command}`, updated);
}

export interface UninstallDependencies extends RevocationDependencies {
  requestRemoval(installation: { id: string; updatedAt: Date; runnerId: string | null }): Promise<void>;
}

/**
 * Stops it first (so no reconcile restarts it), asks the runner to remove the container, revokes
 * its OAuth grant at the provider (RFC 7009), then deletes the row.
 */
export async function uninstallInstallation(deps: UninstallDependencies, actor: Actor, id: string): Promise<void> {
  const { prisma } = deps;
  const installation = await getInstallationToManage(prisma, actor, id);
  const updated = await prisma.installation.update({ where: { id }, data: { desiredState: "STOPPED" } });
  await deps.requestRemoval(updated);
  await revokeInstallationCredential(deps, id, {
    actorUserId: actor.id,
    teamId: installation.teamId,
    reason: "uninstalled",
  });
  await audit(prisma, actor, "installation.uninstalled", installation);
  await prisma.installation.delete({ where: { id } });
}
