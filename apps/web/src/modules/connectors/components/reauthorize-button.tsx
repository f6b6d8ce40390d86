"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { reauthorizeAction } from "../actions.ts";

/** Starts a new authorization for a connector, keeping its settings. */
export function ReauthorizeButton({ connectorId, label }: { connectorId: string; label: string }) {
  const [state, action, pending] = useActionState(reauthorizeAction, null);
  return (
    <form action={action} className="inline-flex items-center gap-3">
      <input type="hidden" name="connectorId" value={connectorId} />
      {state && !state.ok ? (
        <span role="alert" className="text-sm text-red-600 dark:text-red-400">
          {state.error}
        </span>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Redirecting…" : label}
      </Button>
    </form>
  );
}
