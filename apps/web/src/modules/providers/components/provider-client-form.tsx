"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { saveProviderClientAction } from "../actions.ts";
import type { ProviderTarget } from "../lib/list-provider-targets.ts";

/** Client credentials of one provider. The secret is write-only: the form says whether one is set. */
export function ProviderClientForm({ target }: { target: ProviderTarget }) {
  const [state, action, pending] = useActionState(saveProviderClientAction, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : {};
  const { client } = target;
  return (
    <ActionForm action={action} className="space-y-4" aria-label={`OAuth client for ${target.title}`}>
      <input type="hidden" name="target" value={target.key} />
      <TextField
        label="Client ID"
        name="clientId"
        defaultValue={client?.clientId ?? ""}
        autoComplete="off"
        required
        error={fieldErrors.clientId}
      />
      <TextField
        label="Authorization server (issuer)"
        name="issuer"
        defaultValue={client?.issuer ?? ""}
        autoComplete="off"
        placeholder="https://auth.example.com"
        hint="The client is used only with this issuer. Empty takes the one the entry names."
        error={fieldErrors.issuer}
      />
      <TextField
        label={client?.hasSecret ? "Replace secret" : "Client secret"}
        name="clientSecret"
        type="password"
        autoComplete="new-password"
        placeholder={client?.hasSecret ? "Set — leave empty to keep it" : "Not set"}
        hint={`Secret: ${client?.hasSecret ? "set" : "not set"}. Stored encrypted and never shown again.`}
        error={fieldErrors.clientSecret}
      />
      {client?.hasSecret ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="removeSecret" /> Remove the stored secret
        </label>
      ) : null}
      <SelectField
        label="Token endpoint authentication"
        name="tokenEndpointAuthMethod"
        defaultValue={client?.tokenEndpointAuthMethod ?? "client_secret_basic"}
      >
        <option value="client_secret_basic">client_secret_basic (HTTP Basic)</option>
        <option value="client_secret_post">client_secret_post (form body)</option>
        <option value="none">none (public client, PKCE only)</option>
      </SelectField>
      <TextField
        label="Allowed scopes"
        name="allowedScopes"
        defaultValue={client?.allowedScopes.join(" ") ?? ""}
        hint={
          target.knownScopes.length
            ? `Space-separated; empty requests the entry's defaults. Known: ${target.knownScopes.join(" ")}`
            : "Space-separated; empty requests the entry's defaults."
        }
        error={fieldErrors.allowedScopes}
      />
      <TextAreaField
        label="Extra authorization parameters"
        name="authorizationParams"
        rows={2}
        placeholder="prompt=consent"
        defaultValue={Object.entries(client?.authorizationParams ?? {})
          .map(([name, value]) => `${name}=${value}`)
          .join("\n")}
        hint="One name=value per line, e.g. audience or access_type."
        error={fieldErrors.authorizationParams}
      />
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </Button>
    </ActionForm>
  );
}
