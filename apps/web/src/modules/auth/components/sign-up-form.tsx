"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { signUpAction } from "../actions.ts";

export function SignUpForm({
  invitationToken,
  email,
  submitLabel,
}: {
  invitationToken?: string | undefined;
  email?: string | undefined;
  submitLabel: string;
}) {
  const router = useRouter();
  const [state, action, pending] = useActionState(signUpAction, null);
  const password = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!state?.ok) return;
    void signIn("credentials", {
      email: state.data.email,
      password: password.current?.value ?? "",
      redirect: false,
    }).then(() => {
      router.replace("/catalog");
      router.refresh();
    });
  }, [state, router]);

  const fieldErrors = state && !state.ok ? state.fieldErrors : {};
  return (
    <ActionForm action={action} className="space-y-5">
      <FormMessage state={state && !state.ok ? state : null} />
      {invitationToken ? <input type="hidden" name="invitationToken" value={invitationToken} /> : null}
      <TextField label="Name" name="name" autoComplete="name" required error={fieldErrors.name} />
      <TextField
        label="E-mail"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={email}
        error={fieldErrors.email}
      />
      <TextField
        ref={password}
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 12 characters."
        error={fieldErrors.password}
      />
      <Button type="submit" disabled={pending || state?.ok} className="w-full">
        {pending || state?.ok ? "Creating your account…" : submitLabel}
      </Button>
    </ActionForm>
  );
}
