import { ActionButton } from "@/components/ui/action-button.tsx";
import { Badge } from "@/components/ui/badge.tsx";
import type { listConnectedApps } from "../lib/connected-apps.ts";
import { revokeAnyConnectedAppAction, revokeConnectedAppAction } from "../actions.ts";

type ConnectedApp = Awaited<ReturnType<typeof listConnectedApps>>[number] & { user?: { email: string } };

/**
 * Apps let in through OAuth: who, where their metadata came from, what they reach. `asAdmin` lists
 * every user's apps (with the user) and revokes with the admin action.
 */
export function ConnectedApps({ apps, asAdmin = false }: { apps: ConnectedApp[]; asAdmin?: boolean }) {
  if (apps.length === 0) return <p className="text-sm text-zinc-500">No apps connected yet.</p>;
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Connected apps">
      {apps.map((app) => (
        <li key={app.id} className="flex items-center justify-between gap-4 py-3">
          <div className="min-w-0">
            <p className="text-sm font-medium">
              {app.clientName ?? app.clientId}{" "}
              {app.metadataHost ? (
                <Badge tone="green">{app.metadataHost}</Badge>
              ) : (
                <Badge tone="amber">unverified</Badge>
              )}
            </p>
            <p className="text-xs text-zinc-500">
              {app.user ? `${app.user.email} · ` : ""}
              {describeReach(app)} · connected {app.createdAt.toLocaleDateString()} ·{" "}
              {app.lastUsedAt ? `last used ${app.lastUsedAt.toLocaleString()}` : "never used"}
            </p>
          </div>
          <ActionButton
            tone="danger"
            action={(asAdmin ? revokeAnyConnectedAppAction : revokeConnectedAppAction).bind(null, app.id)}
          >
            Revoke
          </ActionButton>
        </li>
      ))}
    </ul>
  );
}

function describeReach(app: ConnectedApp): string {
  if (app.team) return `Team ${app.team.name}'s connectors`;
  if (app.restricted) return `Profile: ${app.connectors.map((row) => row.connector.name).join(", ")}`;
  return "All connectors";
}
