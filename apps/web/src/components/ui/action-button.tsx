"use client";

import type { ReactNode } from "react";
import { InlineError } from "./inline-error.tsx";
import { useServerAction } from "./use-server-action.ts";

const tones = {
  neutral: "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
  danger: "text-red-600 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950",
};

/** A small inline button bound to a server action (pass `action.bind(null, id)` from a server component). */
export function ActionButton({
  action,
  tone = "neutral",
  children,
}: {
  action: () => Promise<{ ok: boolean; error?: string } | void>;
  tone?: keyof typeof tones;
  children: ReactNode;
}) {
  const { error, pending, run } = useServerAction();
  return (
    <span className="inline-flex items-center gap-2">
      <InlineError error={error} />
      <button
        type="button"
        disabled={pending}
        onClick={() => run(action)}
        className={`rounded-md px-2 py-1 text-sm ${tones[tone]}`}
      >
        {children}
      </button>
    </span>
  );
}
