"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/server/db.ts";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { rateLimits } from "@/server/rate-limit/index.ts";
import { formActionArgs, idSchema } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";
import { createApiToken, revokeApiToken } from "./lib/api-tokens.ts";

export const createApiTokenAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  const result = await runAction(async () => {
    await rateLimits().enforce("tokenCreate", user.id);
    const { token } = await createApiToken(db(), user.id, {
      // Not "name": the profile form on the same page has that field (ids come from names).
      name: form.get("tokenName"),
      readOnly: form.get("access") === "read",
      expiresInDays: form.get("expiresInDays") || 0,
    });
    return { token };
  });
  revalidatePath("/settings");
  return result;
});

export const revokeApiTokenAction = validatedAction(z.tuple([idSchema]), async (tokenId) => {
  const user = await requireUser();
  const result = await runAction(() => revokeApiToken(db(), user.id, tokenId), "Token revoked.");
  revalidatePath("/settings");
  return result;
});
