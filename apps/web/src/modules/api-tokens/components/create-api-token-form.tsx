"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { NewTokenNotice, TokenExpiryField } from "@/components/ui/token-form-parts.tsx";
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
          <TokenExpiryField />
        </div>
        <FormMessage state={state && !state.ok ? state : null} />
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create API token"}
        </Button>
      </ActionForm>
      {state?.ok ? (
        <NewTokenNotice label="New API token" testId="api-token" token={state.data.token}>
          <pre className="overflow-x-auto rounded-md bg-zinc-950 p-3 text-xs text-zinc-100">
            {`curl -H "Authorization: Bearer ${state.data.token}" ${apiUrl}/connectors`}
          </pre>
        </NewTokenNotice>
      ) : null}
    </div>
  );
}
