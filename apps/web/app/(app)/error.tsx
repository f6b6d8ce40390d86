"use client";

import { Button } from "@/components/ui/button.tsx";

/**
 * An unexpected error while showing a page, inside the app's frame so the navigation still works.
 * Production hides the message; the digest is what matches the server's log line.
 */
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;
  return (
    <div role="alert" className="flex flex-col items-center px-6 py-16 text-center">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">Something went wrong</h1>
      <p className="mt-2 max-w-md text-sm text-zinc-500 dark:text-zinc-400">
        Switchboard could not show this page. Try again; if it keeps failing, give your administrator the reference
        below.
      </p>
      {digest ? (
        <p className="mt-3 text-xs text-zinc-500">
          Reference: <code className="font-mono">{digest}</code>
        </p>
      ) : null}
      <Button className="mt-6" onClick={retry}>
        Try again
      </Button>
    </div>
  );
}
