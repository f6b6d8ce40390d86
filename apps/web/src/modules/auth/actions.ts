"use server";

import { z } from "zod";
import { db } from "@/server/db.ts";
import { runAction } from "@/server/action-result.ts";
import { getCurrentUser } from "@/server/auth/current-user.ts";
import { revokeSession } from "@/server/auth/sessions.ts";
import { currentClientAddress, rateLimits } from "@/server/rate-limit/index.ts";
import { registerUser } from "./lib/register-user.ts";
import { formActionArgs } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";

export const signUpAction = validatedAction(formActionArgs, async (_previous, form) => {
  return runAction(async () => {
    await rateLimits().enforce("signUp", await currentClientAddress());
    const user = await registerUser(db(), {
      name: form.get("name"),
      email: form.get("email"),
      password: form.get("password"),
      invitationToken: form.get("invitationToken") || undefined,
    });
    return { email: user.email };
  });
});

/** Ends this browser's session server-side; the client then clears its cookie with next-auth's signOut. */
export const endSessionAction = validatedAction(z.tuple([]), async () => {
  const user = await getCurrentUser();
  if (user) await revokeSession(db(), user.id, user.sessionId).catch(() => undefined);
});
