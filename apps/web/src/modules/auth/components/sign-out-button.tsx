"use client";

import { signOut } from "next-auth/react";
import { endSessionAction } from "../actions.ts";

export function SignOutButton() {
  return (
    <button
      type="button"
      className="w-full rounded-md px-3 py-2 text-left text-sm text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      // The cookie is cleared even when the server could not be told.
      onClick={() =>
        void endSessionAction()
          .catch(() => undefined)
          .then(() => signOut({ callbackUrl: "/sign-in" }))
      }
    >
      Sign out
    </button>
  );
}
