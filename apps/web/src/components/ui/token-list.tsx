import { ActionButton } from "./action-button.tsx";
import { Badge } from "./badge.tsx";

export interface TokenListRow {
  id: string;
  name: string;
  prefix: string;
  /** What the token may do, first on its line (“All connectors”, “Read only”). */
  reach: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  /** A server action bound to this token. */
  revoke: () => Promise<{ ok: boolean; error?: string } | void>;
}

/** Active bearer tokens of one kind, each with what it reaches, when it was used, and Revoke. */
export function TokenList({ label, rows }: { label: string; rows: TokenListRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-zinc-500">No active tokens.</p>;
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label={label}>
      {rows.map((token) => (
        <li key={token.id} className="flex items-center justify-between gap-4 py-3">
          <div className="min-w-0">
            <p className="text-sm font-medium">
              {token.name} <span className="font-mono text-xs text-zinc-500">{token.prefix}…</span>
            </p>
            <p className="text-xs text-zinc-500">
              {token.reach} · created {token.createdAt.toLocaleDateString()} ·{" "}
              {token.lastUsedAt ? `last used ${token.lastUsedAt.toLocaleString()}` : "never used"}
              {token.expiresAt ? ` · expires ${token.expiresAt.toLocaleDateString()}` : ""}
            </p>
          </div>
          <div className="flex items-center gap-2">
            {token.expiresAt && token.expiresAt < new Date() ? <Badge tone="amber">expired</Badge> : null}
            <ActionButton tone="danger" action={token.revoke}>
              Revoke
            </ActionButton>
          </div>
        </li>
      ))}
    </ul>
  );
}
