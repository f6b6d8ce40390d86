"use client";

import type { UserConfigField } from "@switchboard/catalog";
import { useActionState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { SelectField } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { installConnectorAction } from "../actions.ts";
import { SettingInput, toSentence } from "./setting-input.tsx";

interface InstallFormProps {
  slug: string;
  fields: [string, UserConfigField][];
  teams: { id: string; name: string }[];
  signsInWithOAuth: boolean;
}

/** Settings from the entry's user_config; secret ones are password inputs the server never sends back. */
export function InstallForm({ slug, fields, teams, signsInWithOAuth }: InstallFormProps) {
  const [state, action, pending] = useActionState(installConnectorAction, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : {};
  return (
    <ActionForm action={action} className="space-y-5">
      <input type="hidden" name="slug" value={slug} />
      {fields.map(([key, field]) => (
        <SettingInput key={key} settingKey={key} field={field} error={toSentence(fieldErrors[key])} />
      ))}
      <SelectField label="Install for" name="scope" defaultValue="personal">
        <option value="personal">Just me (personal credentials)</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            Team {team.name} (shared credentials)
          </option>
        ))}
      </SelectField>
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? "Installing…" : signsInWithOAuth ? "Install and sign in" : "Install"}
      </Button>
    </ActionForm>
  );
}
