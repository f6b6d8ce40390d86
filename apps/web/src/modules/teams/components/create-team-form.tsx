"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { createTeamAction } from "../actions.ts";

export function CreateTeamForm() {
  const [state, action, pending] = useActionState(createTeamAction, null);
  return (
    <ActionForm action={action} className="flex flex-wrap items-end gap-3">
      <div className="min-w-64 flex-1">
        <TextField
          label="Team name"
          name="name"
          placeholder="Platform engineering"
          required
          error={state && !state.ok ? state.fieldErrors.name : undefined}
        />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create team"}
      </Button>
      <div className="basis-full">
        <FormMessage state={state && !state.ok && !state.fieldErrors.name ? state : null} />
      </div>
    </ActionForm>
  );
}
