"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { db } from "@/server/db.ts";
import { changeDesiredState, uninstallInstallation } from "./lib/change-desired-state.ts";
import type { InstallationCommand } from "./lib/change-desired-state.ts";

const messages: Record<InstallationCommand, string> = {
  start: "Starting…",
  stop: "Stopping…",
  restart: "Restarting…",
};

export async function changeInstallationAction(id: string, command: InstallationCommand) {
  const user = await requireUser();
  const result = await runAction(() => changeDesiredState(db(), user, id, command), messages[command]);
  revalidatePath(`/connectors/${id}`);
  return result;
}

export async function uninstallInstallationAction(id: string) {
  const user = await requireUser();
  const result = await runAction(() => uninstallInstallation(db(), user, id));
  if (result.ok) redirect("/connectors");
  return result;
}
