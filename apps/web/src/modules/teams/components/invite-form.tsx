"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { CopyableValue } from "@/components/ui/copyable-value.tsx";
import { SelectField, TextField } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { inviteMemberAction } from "../actions.ts";

/** Invites by e-mail. The link is shown once, here, for the inviter to send. */
export function InviteForm({ teamId, allowOwner }: { teamId: string | null; allowOwner: boolean }) {
  const [state, action, pending] = useActionState(inviteMemberAction, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : {};
  return (
    <div className="space-y-4">
      <ActionForm action={action} className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
        {teamId ? (
          <input type="hidden" name="teamId" value={teamId} />
        ) : (
          <input type="hidden" name="role" value="MEMBER" />
        )}
        <TextField
          label="E-mail"
          name="email"
          type="email"
          placeholder="colleague@company.com"
          required
          error={fieldErrors.email}
        />
        {teamId ? (
          <SelectField label="Role" name="role" defaultValue="MEMBER">
            <option value="MEMBER">Member</option>
            <option value="ADMIN">Admin</option>
            {allowOwner ? <option value="OWNER">Owner</option> : null}
          </SelectField>
        ) : (
          <div />
        )}
        <Button type="submit" disabled={pending}>
          {pending ? "Inviting…" : "Invite"}
        </Button>
      </ActionForm>
      <FormMessage state={state && !state.ok ? state : null} />
      {state?.ok ? (
        <div className="rounded-lg bg-indigo-50 p-4 ring-1 ring-inset ring-indigo-200 dark:bg-indigo-950 dark:ring-indigo-900">
          <p className="text-sm font-medium text-indigo-900 dark:text-indigo-200">
            Invitation link for {state.data.email} — send it to them. It is shown only once and expires in 7 days.
          </p>
          <div className="mt-3">
            <CopyableValue label="Invitation link" testId="invitation-link" value={state.data.link} />
          </div>
        </div>
      ) : null}
    </div>
  );
}
