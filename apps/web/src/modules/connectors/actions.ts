"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { db, secretBox } from "@/server/db.ts";
import { requestConnectorJob } from "@/server/jobs.ts";
import { createOAuthDependencies } from "./lib/create-oauth-dependencies.ts";
import { installConnector } from "./lib/install-connector.ts";
import { reauthorizeConnector } from "./lib/reauthorize-connector.ts";
import { updateConnectorSettings } from "./lib/update-connector-settings.ts";
import { formActionArgs } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";

const SETTING_PREFIX = "config.";

const optional = (value: FormDataEntryValue | null) => (typeof value === "string" && value !== "" ? value : undefined);

/** The posted `config.<key>` fields, by key. */
const readPostedSettings = (form: FormData) =>
  Object.fromEntries(
    [...form]
      .filter(([name, value]) => name.startsWith(SETTING_PREFIX) && typeof value === "string")
      .map(([name, value]) => [name.slice(SETTING_PREFIX.length), value]),
  );

export const installConnectorAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  const result = await runAction(() =>
    installConnector(createOAuthDependencies(), user, {
      slug: form.get("slug"),
      scope: form.get("scope"),
      settings: readPostedSettings(form),
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

export const updateConnectorSettingsAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  const connectorId = form.get("connectorId");
  const result = await runAction(() =>
    updateConnectorSettings(db(), secretBox(), user, { connectorId, settings: readPostedSettings(form) }, (connector) =>
      requestConnectorJob("installation.restart", connector),
    ),
  );
  if (!result.ok) return result;
  revalidatePath(`/connectors/${String(connectorId)}`);
  const changed = result.data.length;
  return {
    ...result,
    message: changed === 0 ? "Nothing changed." : `Saved (${changed} changed); restarting if it runs.`,
  };
});
