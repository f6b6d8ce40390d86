"use client";

import type { UserConfigField } from "@switchboard/catalog";
import { useActionState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { installConnectorAction } from "../actions.ts";

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

function SettingInput({
  settingKey,
  field,
  error,
}: {
  settingKey: string;
  field: UserConfigField;
  error: string | undefined;
}) {
  const name = `config.${settingKey}`;
  const label = field.required ? `${field.title} (required)` : field.title;
  const hint = field.description || undefined;
  const defaultValue = field.default === undefined ? undefined : [field.default].flat().map(String).join("\n");
  if (field.enum || field.type === "boolean") {
    const choices = field.enum ?? ["true", "false"];
    return (
      <SelectField label={label} name={name} error={error} defaultValue={defaultValue ?? ""}>
        <option value="">{field.required ? "Choose…" : "Default"}</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </SelectField>
    );
  }
  if (field.multiple) {
    return (
      <TextAreaField
        label={label}
        name={name}
        rows={3}
        defaultValue={field.secret ? undefined : defaultValue}
        placeholder={field.placeholder}
        error={error}
        // Said in the hint, not only the placeholder, which a default value hides.
        hint={[hint, "One value per line."].filter(Boolean).join(" ")}
      />
    );
  }
  return (
    <TextField
      label={label}
      name={name}
      type={field.secret ? "password" : field.type === "number" ? "number" : "text"}
      autoComplete={field.secret ? "new-password" : "off"}
      defaultValue={field.secret ? undefined : defaultValue}
      placeholder={field.placeholder}
      error={error}
      hint={field.secret ? `${hint ?? ""} Stored encrypted; never shown again.`.trim() : hint}
    />
  );
}

/** The catalog's setting errors are fragments ("required", "must be a number"): shown as sentences. */
function toSentence(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
