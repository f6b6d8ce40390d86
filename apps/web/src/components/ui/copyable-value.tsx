import { CopyButton } from "./copy-button.tsx";

/** A read-only value with a copy button: invitation links, new tokens, redirect URIs. */
export function CopyableValue({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="flex items-center gap-2">
      <input
        readOnly
        aria-label={label}
        data-testid={testId}
        value={value}
        className="flex-1 rounded-md bg-white px-3 py-2 font-mono text-xs text-zinc-800 ring-1 ring-zinc-300 dark:bg-zinc-900 dark:text-zinc-200 dark:ring-zinc-700"
      />
      <CopyButton value={value} />
    </div>
  );
}
