"use client";

import { useTransition } from "react";
import { Button } from "@/components/ui/button.tsx";
import { Badge } from "@/components/ui/badge.tsx";
import { revokeOtherSessionsAction, revokeSessionAction } from "../actions.ts";

interface SessionRow {
  id: string;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
}

export function SessionList({ sessions, currentId }: { sessions: SessionRow[]; currentId: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-4">
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {sessions.map((session) => (
          <li key={session.id} className="flex items-center justify-between gap-4 py-3">
            <div className="min-w-0">
              <p className="truncate text-sm text-zinc-900 dark:text-zinc-100">
                {session.userAgent ?? "Unknown browser"}
              </p>
              <p className="text-xs text-zinc-500">
                Signed in {new Date(session.createdAt).toLocaleString()} · last active{" "}
                {new Date(session.lastSeenAt).toLocaleString()}
              </p>
            </div>
            {session.id === currentId ? (
              <Badge tone="green">This browser</Badge>
            ) : (
              <Button
                variant="danger"
                disabled={pending}
                onClick={() => startTransition(async () => void (await revokeSessionAction(session.id)))}
              >
                Sign out
              </Button>
            )}
          </li>
        ))}
      </ul>
      {sessions.length > 1 ? (
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() => startTransition(async () => void (await revokeOtherSessionsAction()))}
        >
          Sign out all other sessions
        </Button>
      ) : null}
    </div>
  );
}
