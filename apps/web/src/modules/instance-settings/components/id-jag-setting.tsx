import { ActionButton } from "@/components/ui/action-button.tsx";
import { Badge } from "@/components/ui/badge.tsx";
import { Card } from "@/components/ui/card.tsx";
import { setIdJagEnabledAction } from "../actions.ts";

/** The admin switch for enterprise-managed authorization (ID-JAG); needs the company SSO. */
export function IdJagSetting({ enabled, ssoName }: { enabled: boolean; ssoName: string | null }) {
  return (
    <Card
      title="Enterprise-managed authorization"
      description="MCP clients your company SSO signed people in to get gateway access without a consent page, with an ID-JAG from the SSO (MCP's enterprise-managed authorization)."
      actions={
        ssoName ? (
          <div className="flex shrink-0 items-center gap-3 whitespace-nowrap">
            {enabled ? <Badge tone="green">On</Badge> : <Badge>Off</Badge>}
            <ActionButton action={setIdJagEnabledAction.bind(null, !enabled)} tone={enabled ? "danger" : "neutral"}>
              {enabled ? "Turn off" : "Turn on"}
            </ActionButton>
          </div>
        ) : (
          <Badge>Needs company SSO</Badge>
        )
      }
    >
      <ul className="list-disc space-y-1 pl-5 text-sm text-zinc-600 dark:text-zinc-400">
        <li>
          Only ID-JAGs from {ssoName ?? "the company SSO (OIDC_ISSUER)"} are accepted, for people who signed in to
          Switchboard with it before.
        </li>
        <li>
          The app reaches what the person chose for it earlier, or the team an admin limited it to, or else all their
          connectors; it appears under their Connected apps, where they can narrow or revoke it.
        </li>
        <li>Access tokens last 15 minutes and are not refreshed: the app asks the SSO again, so its policy decides.</li>
      </ul>
    </Card>
  );
}
