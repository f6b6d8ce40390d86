import { ActionButton } from "@/components/ui/action-button.tsx";
import { Badge } from "@/components/ui/badge.tsx";
import type { listPreRegisteredClients } from "../lib/pre-register-client.ts";
import { deletePreRegisteredClientAction } from "../actions.ts";

type PreRegisteredClient = Awaited<ReturnType<typeof listPreRegisteredClients>>[number];

/** The clients admins registered, each with its id, redirect URIs, restriction and Delete. */
export function PreRegisteredClients({ clients }: { clients: PreRegisteredClient[] }) {
  if (clients.length === 0) return <p className="text-sm text-zinc-500">No clients registered yet.</p>;
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Registered clients">
      {clients.map((client) => (
        <li key={client.id} className="flex items-center justify-between gap-4 py-3">
          <div className="min-w-0">
            <p className="text-sm font-medium">
              {client.name} {client.confidential ? <Badge tone="indigo">confidential</Badge> : <Badge>public</Badge>}{" "}
              {client.team ? <Badge tone="amber">only {client.team.name}</Badge> : null}
            </p>
            <p className="truncate font-mono text-xs text-zinc-500">{client.clientId}</p>
            <p className="truncate text-xs text-zinc-500">
              {client.redirectUris.join(", ")} · registered {client.createdAt.toLocaleDateString()}
              {client.createdBy ? ` by ${client.createdBy.email}` : ""}
            </p>
          </div>
          <ActionButton tone="danger" action={deletePreRegisteredClientAction.bind(null, client.id)}>
            Delete
          </ActionButton>
        </li>
      ))}
    </ul>
  );
}
