"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { db } from "@/server/db.ts";
import { requestInstallationJob } from "@/server/jobs.ts";
import { acceptCatalogUpdate } from "./lib/accept-catalog-update.ts";
import { formActionArgs } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";

export const acceptCatalogUpdateAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  const installationId = form.get("installationId");
  const result = await runAction(() =>
    acceptCatalogUpdate(db(), user, { installationId, revision: form.get("revision") }, (installation) =>
      requestInstallationJob("installation.restart", installation),
    ),
  );
  if (result.ok) revalidatePath(`/connectors/${String(installationId)}`);
  return result;
});
