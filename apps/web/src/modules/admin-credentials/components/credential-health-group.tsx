import Link from "next/link";
import { Badge } from "@/components/ui/badge.tsx";
import { Card } from "@/components/ui/card.tsx";
import { Table } from "@/components/ui/table.tsx";
import type { CredentialHealth } from "../lib/classify-credential-health.ts";
import type { CredentialOverview } from "../lib/list-credentials-by-health.ts";

const headings: Record<CredentialHealth, { title: string; description: string }> = {
  needs_reauth: {
    title: "Needs re-authorization",
    description: "The provider revoked or expired the grant; the owner must authorize again.",
  },
  failing: {
    title: "Failing",
    description: "Refreshes keep failing (provider down or misconfigured); retried with backoff.",
  },
  expiring: {
    title: "Expiring soon",
    description: "No refresh token and less than a week left, or a refresh that is overdue.",
  },
  healthy: { title: "Healthy", description: "Refreshed in the background before they expire." },
};

function formatTime(value: Date | null): string {
  return value ? `${value.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—";
}

/** One health group of OAuth credentials: timing and errors only, never a token. */
export function CredentialHealthGroup({
  health,
  credentials,
}: {
  health: CredentialHealth;
  credentials: CredentialOverview[];
}) {
  const { title, description } = headings[health];
  return (
    <Card title={`${title} (${credentials.length})`} description={description}>
      {credentials.length === 0 ? (
        <p className="text-sm text-zinc-500">None.</p>
      ) : (
        <Table aria-label={title} columns={["Connector", "Owner", "Expires", "Last refresh", "Last error"]}>
          {credentials.map((credential) => (
            <tr key={credential.id}>
              <td className="py-2.5">
                <Link href={`/connectors/${credential.connectorId}`} className="text-indigo-600 hover:underline">
                  {credential.connectorName}
                </Link>
                <p className="text-xs text-zinc-500">{credential.connector}</p>
              </td>
              <td className="py-2.5 text-zinc-600 dark:text-zinc-400">{credential.owner}</td>
              <td className="py-2.5">
                {formatTime(credential.expiresAt)}{" "}
                {credential.hasRefreshToken ? null : <Badge tone="amber">no refresh token</Badge>}
              </td>
              <td className="py-2.5 text-zinc-600 dark:text-zinc-400">{formatTime(credential.lastRefreshedAt)}</td>
              <td className="py-2.5 text-zinc-600 dark:text-zinc-400">
                {credential.lastError ?? "—"}
                {credential.failureCount > 0 ? ` (${credential.failureCount} failures)` : null}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}
