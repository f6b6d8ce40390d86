"use client";

import { useActionState, useState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { NewTokenNotice, TokenExpiryField } from "@/components/ui/token-form-parts.tsx";
import { TextField } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { createGatewayTokenAction } from "../actions.ts";
import { ClientConfigTabs } from "./client-config-tabs.tsx";

interface ConnectorOption {
  id: string;
  name: string;
  scope: string;
  teamName: string | null;
}

export function CreateTokenForm({ connectors }: { connectors: ConnectorOption[] }) {
  const [state, action, pending] = useActionState(createGatewayTokenAction, null);
  const [limited, setLimited] = useState(false);
  const fieldErrors = state && !state.ok ? state.fieldErrors : {};
  return (
    <div className="space-y-6">
      <ActionForm action={action} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
          <TextField
            label="Token name"
            name="name"
            placeholder="Claude on my laptop"
            required
            error={fieldErrors.name}
          />
          <TokenExpiryField />
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Connectors this token reaches</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="profile" checked={!limited} onChange={() => setLimited(false)} /> All my
            connectors, including ones I add later
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="profile" checked={limited} onChange={() => setLimited(true)} /> Only the ones I
            pick (a profile)
          </label>
          {limited ? (
            <div className="ml-6 grid gap-1.5 sm:grid-cols-2">
              {connectors.length === 0 ? <p className="text-sm text-zinc-500">You have no connectors yet.</p> : null}
              {connectors.map((connector) => (
                <label key={connector.id} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="connectorIds" value={connector.id} />
                  {connector.name}
                  <span className="text-xs text-zinc-500">{connector.teamName ?? "personal"}</span>
                </label>
              ))}
            </div>
          ) : null}
        </fieldset>
        <FormMessage state={state && !state.ok ? state : null} />
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </Button>
      </ActionForm>
      {state?.ok ? (
        <NewTokenNotice label="New gateway token" testId="gateway-token" token={state.data.token}>
          <ClientConfigTabs configs={state.data.configs} />
        </NewTokenNotice>
      ) : null}
    </div>
  );
}
