"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { updateNameAction } from "../actions.ts";

export function ProfileForm({ name, email }: { name: string; email: string }) {
  const [state, action, pending] = useActionState(updateNameAction, null);
  return (
    <ActionForm action={action} className="max-w-md space-y-4">
      <TextField
        label="Name"
        name="name"
        defaultValue={name}
        required
        error={state && !state.ok ? state.fieldErrors.name : undefined}
      />
      <TextField
        label="E-mail"
        name="email-readonly"
        value={email}
        readOnly
        disabled
        hint="Your e-mail identifies you for invitations and SSO."
      />
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>
        Save
      </Button>
    </ActionForm>
  );
}
