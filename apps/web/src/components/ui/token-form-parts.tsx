import type { ReactNode } from "react";
import { CopyableValue } from "./copyable-value.tsx";
import { SelectField } from "./field.tsx";

/** A token just created: shown this once, with what to do with it below. */
export function NewTokenNotice({
  label,
  testId,
  token,
  children,
}: {
  label: string;
  testId: string;
  token: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-4 rounded-lg bg-indigo-50 p-4 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-950 dark:ring-indigo-900">
      <p className="text-sm font-medium text-indigo-900 dark:text-indigo-200">
        Copy your token now. It is shown only once; Switchboard stores only a hash of it.
      </p>
      <CopyableValue label={label} testId={testId} value={token} />
      {children}
    </div>
  );
}

/** When a new token stops working, posted as `expiresInDays` (0: never). */
export function TokenExpiryField() {
  return (
    <SelectField label="Expires" name="expiresInDays" defaultValue="90">
      <option value="30">in 30 days</option>
      <option value="90">in 90 days</option>
      <option value="365">in a year</option>
      <option value="0">never</option>
    </SelectField>
  );
}
