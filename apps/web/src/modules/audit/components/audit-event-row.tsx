type AuditEventView = {
  id: string;
  at: Date;
  action: string;
  targetType: string;
  targetId: string | null;
  teamName: string | null;
  metadata: unknown;
  actor: { name: string | null; email: string } | null;
};

/** One audit event: when, who, what, on what, and its non-secret details as `key: value` pairs. */
export function AuditEventRow({ event }: { event: AuditEventView }) {
  return (
    <tr>
      <td className="py-2.5 pr-4 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
        <time dateTime={event.at.toISOString()}>{event.at.toLocaleString()}</time>
      </td>
      <td className="py-2.5 pr-4">{event.actor ? (event.actor.name ?? event.actor.email) : "Switchboard"}</td>
      <td className="py-2.5 pr-4 font-mono text-xs">{event.action}</td>
      <td className="py-2.5 pr-4 text-zinc-600 dark:text-zinc-400">
        {event.targetType}
        {event.teamName ? ` · team ${event.teamName}` : null}
      </td>
      <td className="py-2.5 text-xs break-all text-zinc-600 dark:text-zinc-400">{formatDetails(event.metadata)}</td>
    </tr>
  );
}

function formatDetails(metadata: unknown): string {
  if (!metadata || typeof metadata !== "object") return "";
  return Object.entries(metadata)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" · ");
}
