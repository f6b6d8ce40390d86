import type { ComponentProps, ReactNode, SelectHTMLAttributes } from "react";

const control =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300 placeholder:text-zinc-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700";

interface FieldProps {
  label: string;
  name: string;
  error?: string | undefined;
  hint?: string | undefined;
}

/** The control's id, name and description: the error when there is one, else the hint. */
function controlProps({ name, error, hint }: Omit<FieldProps, "label">, extraClass = "") {
  return {
    id: name,
    name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${name}-error` : hint ? `${name}-hint` : undefined,
    className: [control, extraClass, error ? "ring-red-500" : ""].filter(Boolean).join(" "),
  };
}

/** A labelled control with its error (or, without one, its hint) below. */
function Field({ label, name, error, hint, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={name} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${name}-error`} className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : hint ? (
        <p id={`${name}-hint`} className="text-sm text-zinc-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({ label, name, error, hint, ...input }: FieldProps & ComponentProps<"input">) {
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      <input {...controlProps({ name, error, hint })} {...input} />
    </Field>
  );
}

/** A multi-line text field in a monospaced font, for values written one a line. */
export function TextAreaField({ label, name, error, hint, ...textarea }: FieldProps & ComponentProps<"textarea">) {
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      <textarea {...controlProps({ name, error, hint }, "font-mono")} {...textarea} />
    </Field>
  );
}

export function SelectField({
  label,
  name,
  error,
  hint,
  children,
  ...select
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      <select {...controlProps({ name, error, hint })} {...select}>
        {children}
      </select>
    </Field>
  );
}
