"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/server/db.ts";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { createBundleFetch, createDocumentFetch } from "./lib/create-import-fetch.ts";
import { loadImportUrl } from "./lib/load-import-url.ts";
import { deleteEntry, setEntryEnabled, updateEntry } from "./lib/manage-entry.ts";
import { previewImport } from "./lib/preview-import.ts";
import { saveImport } from "./lib/save-import.ts";
import { validatedAction } from "@/server/validated-action.ts";

const slugSchema = z.string().min(1).max(200);
const importTextSchema = z.string();

export const loadImportUrlAction = validatedAction(z.tuple([z.string().max(2000)]), async (url) => {
  const user = await requireUser();
  return runAction(() => loadImportUrl(user, url, createDocumentFetch()));
});

export const previewImportAction = validatedAction(z.tuple([importTextSchema]), async (text) => {
  const user = await requireUser();
  return runAction(async () => {
    const preview = await previewImport(db(), user, text, createBundleFetch());
    return {
      formats: preview.formats,
      warnings: preview.warnings.map((w) => (w.path ? `${w.path}: ${w.message}` : w.message)),
      items: preview.items.map((item) => ({
        id: item.entry.id,
        name: item.entry.name,
        authKind: item.entry.auth.kind,
        status: item.status,
        changedFields: item.changedFields,
        suggestedAllowedHosts: item.suggestedAllowedHosts ?? [],
      })),
    };
  });
});

export const saveImportAction = validatedAction(
  z.tuple([importTextSchema, z.array(slugSchema).max(1_000)]),
  async (text, acceptedHosts) => {
    const user = await requireUser();
    const result = await runAction(() => saveImport(db(), user, text, createBundleFetch(), acceptedHosts));
    if (result.ok) revalidatePath("/", "layout");
    return result;
  },
);

export const setEntryEnabledAction = validatedAction(z.tuple([slugSchema, z.boolean()]), async (slug, enabled) => {
  const user = await requireUser();
  const result = await runAction(() => setEntryEnabled(db(), user, slug, enabled));
  revalidatePath("/", "layout");
  return result;
});

export const deleteEntryAction = validatedAction(z.tuple([slugSchema]), async (slug) => {
  const user = await requireUser();
  const result = await runAction(() => deleteEntry(db(), user, slug));
  revalidatePath("/", "layout");
  return result;
});

export const updateEntryAction = validatedAction(z.tuple([slugSchema, z.string()]), async (slug, json) => {
  const user = await requireUser();
  const result = await runAction(async () => void (await updateEntry(db(), user, slug, json)), "Saved.");
  revalidatePath("/", "layout");
  return result;
});
