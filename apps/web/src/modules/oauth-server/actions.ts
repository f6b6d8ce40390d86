"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/server/db.ts";
import { AppError } from "@/server/errors.ts";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { idSchema } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";
import { revokeConnectedApp } from "./lib/connected-apps.ts";

export const revokeConnectedAppAction = validatedAction(z.tuple([idSchema]), async (consentId) => {
  const user = await requireUser();
  const result = await runAction(() => revokeConnectedApp(db(), user.id, consentId), "App disconnected.");
  revalidatePath("/gateway");
  return result;
});

export const revokeAnyConnectedAppAction = validatedAction(z.tuple([idSchema]), async (consentId) => {
  const user = await requireUser();
  const result = await runAction(async () => {
    if (!user.isInstanceAdmin) throw new AppError("forbidden", "Only instance admins can revoke other people's apps.");
    await revokeConnectedApp(db(), user.id, consentId, { anyUser: true });
  }, "App disconnected.");
  revalidatePath("/admin/connected-apps");
  return result;
});
