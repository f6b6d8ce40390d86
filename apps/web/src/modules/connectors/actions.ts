"use server";

import { redirect } from "next/navigation";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { createOAuthDependencies } from "./lib/create-oauth-dependencies.ts";
import { installConnector } from "./lib/install-connector.ts";
import { reauthorizeConnector } from "./lib/reauthorize-connector.ts";
import { formActionArgs } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";

const SETTING_PREFIX = "config.";

const optional = (value: FormDataEntryValue | null) => (typeof value === "string" && value !== "" ? value : undefined);

export const installConnectorAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  const settings = Object.fromEntries(
    [...form]
      .filter(([name, value]) => name.startsWith(SETTING_PREFIX) && typeof value === "string")
      .map(([name, value]) => [name.slice(SETTING_PREFIX.length), value]),
  );
  const result = await runAction(() =>
    installConnector(createOAuthDependencies(), user, {
      slug: form.get("slug"),
      scope: form.get("scope"),
      settings,
      returnTo: optional(form.get("returnTo")),
    }),
  );
  if (result.ok) redirect(result.data);
  return result;
});

export const reauthorizeAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  const result = await runAction(() =>
    reauthorizeConnector(createOAuthDependencies(), user, {
      connectorId: form.get("connectorId"),
      returnTo: optional(form.get("returnTo")),
    }),
  );
  if (result.ok) redirect(result.data);
  return result;
});
