"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/server/db.ts";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { revokeOtherSessions, revokeSession } from "@/server/auth/sessions.ts";
import { changePassword, updateName } from "./lib/update-profile.ts";

export async function updateNameAction(_previous: unknown, form: FormData) {
  const user = await requireUser();
  const result = await runAction(() => updateName(db(), user.id, form.get("name")), "Name saved.");
  revalidatePath("/", "layout");
  return result;
}

export async function changePasswordAction(_previous: unknown, form: FormData) {
  const user = await requireUser();
  return runAction(
    () =>
      changePassword(db(), user.id, user.sessionId, {
        currentPassword: form.get("currentPassword") ?? "",
        newPassword: form.get("newPassword"),
      }),
    "Password changed. Your other sessions were signed out.",
  );
}

export async function revokeSessionAction(sessionId: string) {
  const user = await requireUser();
  const result = await runAction(() => revokeSession(db(), user.id, sessionId), "Session signed out.");
  revalidatePath("/settings");
  return result;
}

export async function revokeOtherSessionsAction() {
  const user = await requireUser();
  const result = await runAction(async () => {
    const count = await revokeOtherSessions(db(), user.id, user.sessionId);
    return count;
  }, "Other sessions signed out.");
  revalidatePath("/settings");
  return result;
}
