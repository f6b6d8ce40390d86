"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { TextAreaField } from "@/components/ui/field.tsx";
import { grantSupportAccessAction } from "../support-access-actions.ts";

/** An instance admin outside the team states why they need its logs; the reason is audited. */
export function SupportAccessForm({ id, minutes }: { id: string; minutes: number }) {
  const [state, action, pending] = useActionState(grantSupportAccessAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <Card
      title="Logs"
      description={`Connector logs can contain secrets. You are not in this team: opening them is support access, recorded in the audit log with your reason, for ${minutes} minutes.`}
    >
      <ActionForm action={action} className="space-y-4">
        <input type="hidden" name="connectorId" value={id} />
        <TextAreaField
          label="Reason for support access"
          name="reason"
          rows={2}
          required
          error={failed?.fieldErrors.reason ?? failed?.error}
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Opening…" : "Open logs with support access"}
        </Button>
      </ActionForm>
    </Card>
  );
}
