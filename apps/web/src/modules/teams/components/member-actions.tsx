"use client";

import { InlineError } from "@/components/ui/inline-error.tsx";
import { useServerAction } from "@/components/ui/use-server-action.ts";
import { changeRoleAction, removeMemberAction } from "../actions.ts";

export function MemberActions({
  teamId,
  userId,
  role,
  canManage,
  isSelf,
}: {
  teamId: string;
  userId: string;
  role: string;
  canManage: boolean;
  isSelf: boolean;
}) {
  const { error, pending, run } = useServerAction();
  return (
    <div className="flex items-center justify-end gap-2">
      <InlineError error={error} />
      {canManage ? (
        <select
          aria-label="Role"
          disabled={pending}
          defaultValue={role}
          onChange={(event) => run(() => changeRoleAction(teamId, userId, event.target.value))}
          className="rounded-md border-0 bg-white py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-zinc-300 dark:bg-zinc-900 dark:ring-zinc-700"
        >
          <option value="OWNER">Owner</option>
          <option value="ADMIN">Admin</option>
          <option value="MEMBER">Member</option>
        </select>
      ) : null}
      {canManage || isSelf ? (
        <button
          type="button"
          disabled={pending}
          onClick={() => run(() => removeMemberAction(teamId, userId))}
          className="rounded-md px-2 py-1 text-sm text-red-600 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950"
        >
          {isSelf ? "Leave" : "Remove"}
        </button>
      ) : null}
    </div>
  );
}
