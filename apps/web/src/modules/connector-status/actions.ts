"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { db } from "@/server/db.ts";
import { requestConnectorJob } from "@/server/jobs.ts";
import { createOAuthDependencies } from "@/modules/connectors/lib/create-oauth-dependencies.ts";
import { changeDesiredState, uninstallConnector } from "./lib/change-desired-state.ts";
import type { ConnectorCommand } from "./lib/change-desired-state.ts";
import { idSchema } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";

const commandSchema = z.enum(["start", "stop", "restart"]) satisfies z.ZodType<ConnectorCommand>;

const messages: Record<ConnectorCommand, string> = {
  start: "Starting…",
  stop: "Stopping…",
  restart: "Restarting…",
};

export const changeConnectorAction = validatedAction(z.tuple([idSchema, commandSchema]), async (id, command) => {
  const user = await requireUser();
  const result = await runAction(() => changeDesiredState(db(), user, id, command), messages[command]);
  revalidatePath(`/connectors/${id}`);
  return result;
});

export const uninstallConnectorAction = validatedAction(z.tuple([idSchema]), async (id) => {
  const user = await requireUser();
  const deps = {
    ...createOAuthDependencies(),
    requestRemoval: (connector: Parameters<typeof requestConnectorJob>[1]) =>
      requestConnectorJob("installation.remove", connector),
  };
  const result = await runAction(() => uninstallConnector(deps, user, id));
  if (result.ok) redirect("/connectors");
  return result;
});
