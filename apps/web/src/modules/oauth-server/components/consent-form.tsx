import { Badge } from "@/components/ui/badge.tsx";
import { Button } from "@/components/ui/button.tsx";
import type { ConsentRequest } from "../lib/load-consent-request.ts";

/**
 * A plain HTML form posted to the authorization server's interaction endpoint (it answers with the
 * redirect back to the app), so it works without JavaScript.
 */
export function ConsentForm({ action, csrf, request }: { action: string; csrf: string; request: ConsentRequest }) {
  const { client, installations, previous } = request;
  const restricted = previous?.restricted ?? false;
  const chosen = new Set(previous?.installationIds ?? []);
  return (
    <form method="post" action={action} className="space-y-6">
      <input type="hidden" name="csrf" value={csrf} />
      <div className="flex items-center gap-3">
        {client.logoUri ? (
          <img src={client.logoUri} alt="" width={40} height={40} className="rounded-md" referrerPolicy="no-referrer" />
        ) : null}
        <div className="min-w-0">
          <h1 className="truncate text-lg font-semibold">{client.name}</h1>
          {client.verifiedHost ? (
            <p className="text-sm text-zinc-500">
              Verified: its details come from <span className="font-mono">{client.verifiedHost}</span>
            </p>
          ) : (
            <p className="text-sm text-zinc-500">Registered itself; its name is not verified.</p>
          )}
        </div>
      </div>
      {!client.verifiedHost || client.loopbackOnly ? (
        <p
          role="alert"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          {client.loopbackOnly
            ? "This app receives its sign-in on this computer (a local address): any program here could be asking. "
            : ""}
          Allow it only if you just started connecting {client.name} yourself.
        </p>
      ) : null}
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">
          It wants to use your connectors through the Switchboard gateway. What may it reach?
        </legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="access" value="all" defaultChecked={!restricted} /> All my connectors, now and later
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="access" value="profile" defaultChecked={restricted} /> Only these connectors:
        </label>
        <ul className="ml-6 space-y-1" aria-label="Connectors">
          {installations.map((installation) => (
            <li key={installation.id}>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="installationId"
                  value={installation.id}
                  defaultChecked={chosen.has(installation.id)}
                />
                {installation.name}
                {installation.teamName ? <Badge>{installation.teamName}</Badge> : null}
              </label>
            </li>
          ))}
          {installations.length === 0 ? <li className="text-sm text-zinc-500">You have no connectors yet.</li> : null}
        </ul>
      </fieldset>
      <div className="flex justify-end gap-2">
        <Button type="submit" name="decision" value="deny" variant="secondary">
          Deny
        </Button>
        <Button type="submit" name="decision" value="allow">
          Allow
        </Button>
      </div>
    </form>
  );
}
