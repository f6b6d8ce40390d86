"use client";

import { useTransition } from "react";
import { revokeGatewayTokenAction } from "../actions.ts";

export function RevokeTokenButton({ tokenId }: { tokenId: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => startTransition(async () => void (await revokeGatewayTokenAction(tokenId)))}
      className="rounded-md px-2 py-1 text-sm text-red-600 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950"
    >
      Revoke
    </button>
  );
}
