import type { UserConfigField } from "@switchboard/catalog";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field.tsx";

/**
 * One setting of an entry's user_config, named `config.<key>`. `current` is the stored value of a
 * plain setting (else its default shows); a secret one is never shown, `secretIsSet` says it is kept.
 */
export function SettingInput({
  settingKey,
  field,
  error,
  current,
  secretIsSet = false,
}: {
  settingKey: string;
  field: UserConfigField;
  error: string | undefined;
  current?: string | undefined;
  secretIsSet?: boolean;
}) {
  const name = `config.${settingKey}`;
  const label = field.required ? `${field.title} (required)` : field.title;
  const hint = field.description || undefined;
  const defaultValue =
    current ?? (field.default === undefined ? undefined : [field.default].flat().map(String).join("\n"));
  const secretHint = secretIsSet
    ? "Set and stored encrypted: leave empty to keep it (type it again to change other settings)."
    : "Stored encrypted; never shown again.";
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
      hint={field.secret ? `${hint ?? ""} ${secretHint}`.trim() : hint}
    />
  );
}

/** The catalog's setting errors are fragments ("required", "must be a number"): shown as sentences. */
export function toSentence(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
