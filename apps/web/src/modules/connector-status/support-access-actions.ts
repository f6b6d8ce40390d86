"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { db } from "@/server/db.ts";
import { grantSupportAccess } from "./lib/log-access.ts";
import { formActionArgs } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";

export const grantSupportAccessAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  const connectorId = form.get("connectorId");
  const result = await runAction(() => grantSupportAccess(db(), user, { connectorId, reason: form.get("reason") }));
  if (result.ok) revalidatePath(`/connectors/${String(connectorId)}`);
  return result;
});
