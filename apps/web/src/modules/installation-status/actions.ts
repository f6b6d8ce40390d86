"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { db } from "@/server/db.ts";
import { requestInstallationJob } from "@/server/jobs.ts";
import { createOAuthDependencies } from "@/modules/installations/lib/create-oauth-dependencies.ts";
import { changeDesiredState, uninstallInstallation } from "./lib/change-desired-state.ts";
import type { InstallationCommand } from "./lib/change-desired-state.ts";
import { idSchema } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";

const commandSchema = z.enum(["start", "stop", "restart"]) satisfies z.ZodType<InstallationCommand>;

const messages: Record<InstallationCommand, string> = {
  start: "Starting…",
  stop: "Stopping…",
  restart: "Restarting…",
};

export const changeInstallationAction = validatedAction(z.tuple([idSchema, commandSchema]), async (id, command) => {
  const user = await requireUser();
  const result = await runAction(() => changeDesiredState(db(), user, id, command), messages[command]);
  revalidatePath(`/connectors/${id}`);
  return result;
});

export const uninstallInstallationAction = validatedAction(z.tuple([idSchema]), async (id) => {
  const user = await requireUser();
  const deps = {
    ...createOAuthDependencies(),
    requestRemoval: (installation: Parameters<typeof requestInstallationJob>[1]) =>
      requestInstallationJob("installation.remove", installation),
  };
  const result = await runAction(() => uninstallInstallation(deps, user, id));
  if (result.ok) redirect("/connectors");
  return result;
});
