"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { updateConnectorSettingsAction } from "../actions.ts";
import type { EditableSettings } from "../lib/find-editable-settings.ts";
import { SettingInput, toSentence } from "./setting-input.tsx";

/** The connector's settings, for whoever manages it: saving restarts it with them. */
export function ConnectorSettingsCard({ connectorId, settings }: { connectorId: string; settings: EditableSettings }) {
  const [state, action, pending] = useActionState(updateConnectorSettingsAction, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : {};
  return (
    <Card title="Settings" description="Saving restarts the connector with the new settings.">
      <ActionForm action={action} className="space-y-5">
        <input type="hidden" name="connectorId" value={connectorId} />
        {settings.fields.map(([key, field]) => (
          <SettingInput
            key={key}
            settingKey={key}
            field={field}
            error={toSentence(fieldErrors[key])}
            current={settings.values[key]}
            secretIsSet={field.secret}
          />
        ))}
        <FormMessage state={state} />
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
      </ActionForm>
    </Card>
  );
}
