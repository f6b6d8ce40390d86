import type { PrismaClient } from "@switchboard/db";
import type { Actor } from "@/server/authz.ts";
import { requestInstallationJob } from "@/server/jobs.ts";
import { getInstallationForUser } from "./get-installation-for-user.ts";

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
  await getInstallationForUser(prisma, actor, id);
  const updated = await prisma.installation.update({
    where: { id },
    data:
      command === "stop"
        ? { desiredState: "STOPPED" }
        : { desiredState: "RUNNING", status: "QUEUED", statusReason: null, restartCount: 0 },
  });
  await requestInstallationJob(`installation.${command}`, updated);
}

/** Stops it first (so no reconcile restarts it), asks the runner to remove the container, then deletes the row. */
export async function uninstallInstallation(prisma: PrismaClient, actor: Actor, id: string): Promise<void> {
  await getInstallationForUser(prisma, actor, id);
  const updated = await prisma.installation.update({ where: { id }, data: { desiredState: "STOPPED" } });
  await requestInstallationJob("installation.remove", updated);
  await prisma.installation.delete({ where: { id } });
}
