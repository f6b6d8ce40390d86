"use client";

import { useState, useTransition } from "react";

type Outcome = { ok: boolean; error?: string } | undefined | void;

/** Runs a server action in a transition and keeps its user-facing error, for buttons and inline controls. */
export function useServerAction() {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (operation: () => Promise<Outcome>) =>
    startTransition(async () => {
      const outcome = await operation();
      setError(outcome && !outcome.ok ? (outcome.error ?? null) : null);
    });
  return { error, pending, run };
}
