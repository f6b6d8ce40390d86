import { Badge } from "@/components/ui/badge.tsx";
import { Button } from "@/components/ui/button.tsx";
import type { ConsentRequest } from "../lib/load-consent-request.ts";

/**
 * A plain HTML form posted to the authorization server's interaction endpoint (it answers with the
 * redirect back to the app), so it works without JavaScript.
 */
export function ConsentForm({ action, csrf, request }: { action: string; csrf: string; request: ConsentRequest }) {
  const { client, connectors, teams, restrictedToTeam, previous } = request;
  const local = request.redirectsToThisDevice;
  const previousAccess = previous?.teamId ? "team" : previous?.restricted ? "profile" : "all";
  const chosen = new Set(previous?.connectorIds ?? []);
  const mayAllow = !restrictedToTeam || teams.some((team) => team.id === restrictedToTeam.id);
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
      {!client.verifiedHost || local ? (
        <p
          role="alert"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          {local
            ? "This app receives its sign-in on this computer (a local address or an app link): any program here could be asking. "
            : ""}
          Allow it only if you just started connecting {client.name} yourself.
        </p>
      ) : null}
      {request.connectorEndpoint ? (
        <p className="text-sm">
          It asks for one connector&apos;s address, <span className="font-mono">{request.connectorEndpoint}</span>: its
          access will work there only, within what you allow below.
        </p>
      ) : null}
      {restrictedToTeam ? (
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium">
            It wants to use your connectors through the Switchboard gateway. An admin allowed it to reach only the{" "}
            {restrictedToTeam.name} team&apos;s connectors.
          </legend>
          {mayAllow ? (
            <>
              <input type="hidden" name="access" value="team" />
              <input type="hidden" name="teamId" value={restrictedToTeam.id} />
            </>
          ) : (
            <p className="text-sm text-zinc-500">You are not in that team, so you cannot connect it.</p>
          )}
        </fieldset>
      ) : (
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium">
            It wants to use your connectors through the Switchboard gateway. What may it reach?
          </legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="access" value="all" defaultChecked={previousAccess === "all"} /> All my
            connectors, now and later
          </label>
          {teams.length > 0 ? (
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" name="access" value="team" defaultChecked={previousAccess === "team"} /> A
                team&apos;s connectors, now and later:
              </label>
              <select
                name="teamId"
                aria-label="Team"
                defaultValue={previous?.teamId ?? teams[0]?.id}
                className="rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
              >
                {teams.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="access" value="profile" defaultChecked={previousAccess === "profile"} /> Only
            these connectors:
          </label>
          <ul className="ml-6 space-y-1" aria-label="Connectors">
            {connectors.map((connector) => (
              <li key={connector.id}>
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="connectorId"
                    value={connector.id}
                    defaultChecked={chosen.has(connector.id)}
                  />
                  {connector.name}
                  {connector.teamName ? <Badge>{connector.teamName}</Badge> : null}
                </label>
              </li>
            ))}
            {connectors.length === 0 ? <li className="text-sm text-zinc-500">You have no connectors yet.</li> : null}
          </ul>
        </fieldset>
      )}
      <div className="flex justify-end gap-2">
        <Button type="submit" name="decision" value="deny" variant="secondary">
          Deny
        </Button>
        {mayAllow ? (
          <Button type="submit" name="decision" value="allow">
            Allow
          </Button>
        ) : null}
      </div>
    </form>
  );
}
