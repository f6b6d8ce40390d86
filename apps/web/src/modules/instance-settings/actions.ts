"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/server/db.ts";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { validatedAction } from "@/server/validated-action.ts";
import { setIdJagEnabled } from "./lib/id-jag-setting.ts";

export const setIdJagEnabledAction = validatedAction(z.tuple([z.boolean()]), async (enabled) => {
  const user = await requireUser();
  const result = await runAction(
    () => setIdJagEnabled(db(), user, enabled),
    enabled ? "Enterprise-managed authorization is on." : "Enterprise-managed authorization is off.",
  );
  revalidatePath("/admin", "page");
  return result;
});
