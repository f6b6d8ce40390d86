/** A short error shown beside an inline control (a button, a select) after its server action failed. */
export function InlineError({ error }: { error: string | null }) {
  return error ? (
    <span role="alert" className="text-xs text-red-600 dark:text-red-400">
      {error}
    </span>
  ) : null;
}
