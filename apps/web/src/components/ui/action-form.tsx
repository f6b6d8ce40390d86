"use client";

import { startTransition, type ComponentProps } from "react";

/**
 * A form bound to a `useActionState` action that keeps what the user typed when the action
 * answers with errors (a plain `<form action>` resets its fields after every submission).
 */
export function ActionForm({
  action,
  ...props
}: Omit<ComponentProps<"form">, "action" | "onSubmit"> & { action: (form: FormData) => void }) {
  return (
    <form
      {...props}
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        startTransition(() => action(form));
      }}
    />
  );
}
