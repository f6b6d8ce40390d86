"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { db } from "@/server/db.ts";
import { requestConnectorJob } from "@/server/jobs.ts";
import { acceptCatalogUpdate } from "./lib/accept-catalog-update.ts";
import { formActionArgs } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";

export const acceptCatalogUpdateAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  const connectorId = form.get("connectorId");
  const result = await runAction(() =>
    acceptCatalogUpdate(db(), user, { connectorId, revision: form.get("revision") }, (connector) =>
      requestConnectorJob("installation.restart", connector),
    ),
  );
  if (result.ok) revalidatePath(`/connectors/${String(connectorId)}`);
  return result;
});
