"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/server/db.ts";
import { AppError } from "@/server/errors.ts";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { formActionArgs, idSchema } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";
import { revokeConnectedApp } from "./lib/connected-apps.ts";
import { deletePreRegisteredClient } from "./lib/delete-pre-registered-client.ts";
import { getOidcServer } from "./lib/oidc-server.ts";
import { preRegisterClient } from "./lib/pre-register-client.ts";

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

export const preRegisterClientAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  const result = await runAction(async () => {
    const { provider } = await getOidcServer();
    return preRegisterClient(db(), provider, user, {
      name: form.get("name"),
      redirectUris: form.get("redirectUris"),
      confidential: form.get("confidential") === "on",
      teamId: form.get("teamId") ?? "",
    });
  }, "Client registered.");
  revalidatePath("/admin/oauth-clients");
  return result;
});

export const deletePreRegisteredClientAction = validatedAction(z.tuple([idSchema]), async (clientRowId) => {
  const user = await requireUser();
  const result = await runAction(() => deletePreRegisteredClient(db(), user, clientRowId), "Client deleted.");
  revalidatePath("/admin/oauth-clients");
  revalidatePath("/admin/connected-apps");
  return result;
});
