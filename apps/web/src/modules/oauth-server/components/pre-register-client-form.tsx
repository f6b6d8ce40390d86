"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { CopyableValue } from "@/components/ui/copyable-value.tsx";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { preRegisterClientAction } from "../actions.ts";

/** Registers a client for the gateway; its id (and secret, for a confidential one) are shown once here. */
export function PreRegisterClientForm({ teams }: { teams: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState(preRegisterClientAction, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : {};
  return (
    <div className="space-y-6">
      <ActionForm action={action} className="space-y-4">
        <TextField label="App name" name="name" placeholder="Company Desktop" required error={fieldErrors.name} />
        <TextAreaField
          label="Redirect URIs"
          name="redirectUris"
          rows={3}
          placeholder="https://app.example.com/oauth/callback"
          hint="One per line, exactly as the app sends them: https, or http on a loopback address."
          required
          error={fieldErrors.redirectUris}
        />
        <SelectField
          label="Connectors it may be given"
          name="teamId"
          defaultValue=""
          hint="People choose on the consent page; a team limits every choice to that team's connectors."
          error={fieldErrors.teamId}
        >
          <option value="">Whatever each person chooses</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              Only the {team.name} team&apos;s connectors
            </option>
          ))}
        </SelectField>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="confidential" /> Confidential: the app keeps a client secret on a server
        </label>
        <FormMessage state={state && !state.ok ? state : null} />
        <Button type="submit" disabled={pending}>
          {pending ? "Registering…" : "Register client"}
        </Button>
      </ActionForm>
      {state?.ok ? (
        <div className="space-y-3 rounded-lg bg-indigo-50 p-4 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-950 dark:ring-indigo-900">
          <CopyableValue label="Client ID" testId="client-id" value={state.data.clientId} />
          {state.data.clientSecret ? (
            <>
              <p className="text-sm font-medium text-indigo-900 dark:text-indigo-200">
                Copy the client secret now. It is shown only once.
              </p>
              <CopyableValue label="Client secret" testId="client-secret" value={state.data.clientSecret} />
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
