"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { updateEntryAction } from "../actions.ts";

export function EntryEditor({ slug, json }: { slug: string; json: string }) {
  const [text, setText] = useState(json);
  const [state, setState] = useState<{ ok: boolean; error?: string; message?: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-4">
      <textarea
        aria-label="Entry JSON"
        value={text}
        onChange={(event) => setText(event.target.value)}
        rows={28}
        spellCheck={false}
        className="block w-full rounded-md border-0 bg-white p-3 font-mono text-xs ring-1 ring-inset ring-zinc-300 dark:bg-zinc-950 dark:ring-zinc-700"
      />
      <FormMessage state={state} />
      <Button
        type="button"
        disabled={pending}
        onClick={() => startTransition(async () => setState(await updateEntryAction(slug, text)))}
      >
        Save entry
      </Button>
    </div>
  );
}
