"use client";

import { useServerAction } from "@/components/ui/use-server-action.ts";
import { deleteEntryAction, setEntryEnabledAction } from "../actions.ts";

export function EntryRowActions({ slug, enabled, deletable }: { slug: string; enabled: boolean; deletable: boolean }) {
  const { error, pending, run } = useServerAction();
  return (
    <span className="flex items-center justify-end gap-2">
      {error ? (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      ) : null}
      <button
        type="button"
        disabled={pending}
        onClick={() => run(() => setEntryEnabledAction(slug, !enabled))}
        className="rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        {enabled ? "Disable" : "Enable"}
      </button>
      {deletable ? (
        <button
          type="button"
          disabled={pending}
          onClick={() => run(() => deleteEntryAction(slug))}
          className="rounded-md px-2 py-1 text-sm text-red-600 hover:bg-red-50 dark:hover:bg-red-950"
        >
          Delete
        </button>
      ) : null}
    </span>
  );
}
