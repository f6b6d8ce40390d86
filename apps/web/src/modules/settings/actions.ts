"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/server/db.ts";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { revokeOtherSessions, revokeSession } from "@/server/auth/sessions.ts";
import { changePassword, updateName } from "./lib/update-profile.ts";
import { formActionArgs, idSchema } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";

export const updateNameAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  const result = await runAction(() => updateName(db(), user.id, form.get("name")), "Name saved.");
  revalidatePath("/", "layout");
  return result;
});

export const changePasswordAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  return runAction(
    () =>
      changePassword(db(), user.id, user.sessionId, {
        currentPassword: form.get("currentPassword") ?? "",
        newPassword: form.get("newPassword"),
      }),
    "Password changed. Your other sessions were signed out.",
  );
});

export const revokeSessionAction = validatedAction(z.tuple([idSchema]), async (sessionId) => {
  const user = await requireUser();
  const result = await runAction(() => revokeSession(db(), user.id, sessionId), "Session signed out.");
  revalidatePath("/settings");
  return result;
});

export const revokeOtherSessionsAction = validatedAction(z.tuple([]), async () => {
  const user = await requireUser();
  const result = await runAction(async () => {
    const count = await revokeOtherSessions(db(), user.id, user.sessionId);
    return count;
  }, "Other sessions signed out.");
  revalidatePath("/settings");
  return result;
});
