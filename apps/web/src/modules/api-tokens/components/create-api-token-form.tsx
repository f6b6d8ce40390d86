"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { CopyableValue } from "@/components/ui/copyable-value.tsx";
import { SelectField, TextField } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { createApiTokenAction } from "../actions.ts";

export function CreateApiTokenForm({ apiUrl }: { apiUrl: string }) {
  const [state, action, pending] = useActionState(createApiTokenAction, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : {};
  return (
    <div className="space-y-6">
      <ActionForm action={action} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-[1fr_12rem_12rem]">
          <TextField label="Token name" name="tokenName" placeholder="CI deploy" required error={fieldErrors.name} />
          <SelectField label="Access" name="access" defaultValue="write">
            <option value="write">read and change</option>
            <option value="read">read only</option>
          </SelectField>
          <SelectField label="Expires" name="expiresInDays" defaultValue="90">
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="0">never</option>
          </SelectField>
        </div>
        <FormMessage state={state && !state.ok ? state : null} />
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create API token"}
        </Button>
      </ActionForm>
      {state?.ok ? (
        <div className="space-y-3 rounded-lg bg-indigo-50 p-4 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-950 dark:ring-indigo-900">
          <p className="text-sm font-medium text-indigo-900 dark:text-indigo-200">
            Copy your token now. It is shown only once; Switchboard stores only a hash of it.
          </p>
          <CopyableValue label="New API token" testId="api-token" value={state.data.token} />
          <pre className="overflow-x-auto rounded-md bg-zinc-950 p-3 text-xs text-zinc-100">
            {`curl -H "Authorization: Bearer ${state.data.token}" ${apiUrl}/connectors`}
          </pre>
        </div>
      ) : null}
    </div>
  );
}
