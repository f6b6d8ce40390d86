"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { db, secretBox } from "@/server/db.ts";
import { saveProviderClientSettings } from "./lib/save-provider-client.ts";
import { formActionArgs } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";

export const saveProviderClientAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  const text = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : undefined);
  const result = await runAction(
    async () =>
      void (await saveProviderClientSettings(db(), secretBox(), user, {
        target: text("target"),
        clientId: text("clientId"),
        issuer: text("issuer"),
        clientSecret: text("clientSecret"),
        removeSecret: form.get("removeSecret") === "on",
        tokenEndpointAuthMethod: text("tokenEndpointAuthMethod"),
        authorizationParams: text("authorizationParams"),
        allowedScopes: text("allowedScopes"),
      })),
    "Saved.",
  );
  revalidatePath("/admin/providers");
  return result;
});
