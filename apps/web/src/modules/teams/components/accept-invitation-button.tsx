"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { acceptInvitationAction } from "../actions.ts";

export function AcceptInvitationButton({ token }: { token: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-4">
      <FormMessage state={error ? { ok: false, error } : null} />
      <Button
        type="button"
        disabled={pending}
        className="w-full"
        onClick={() =>
          startTransition(async () => {
            const result = await acceptInvitationAction(token);
            if (result && !result.ok) setError(result.error);
          })
        }
      >
        {pending ? "Joining…" : "Accept invitation"}
      </Button>
    </div>
  );
}
