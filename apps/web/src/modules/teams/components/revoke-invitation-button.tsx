"use client";

import { useTransition } from "react";
import { revokeInvitationAction } from "../actions.ts";

export function RevokeInvitationButton({ invitationId }: { invitationId: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => startTransition(async () => void (await revokeInvitationAction(invitationId)))}
      className="rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
    >
      Revoke
    </button>
  );
}
