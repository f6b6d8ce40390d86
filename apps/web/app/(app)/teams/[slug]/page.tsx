import Link from "next/link";
import { cache } from "react";
import { Badge } from "@/components/ui/badge.tsx";
import { Card } from "@/components/ui/card.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { db } from "@/server/db.ts";
import { hasRole } from "@/server/authz.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { InviteForm } from "@/modules/teams/components/invite-form.tsx";
import { MemberActions } from "@/modules/teams/components/member-actions.tsx";
import { ActionButton } from "@/components/ui/action-button.tsx";
import { revokeInvitationAction } from "@/modules/teams/actions.ts";
import { getTeamForMember } from "@/modules/teams/lib/get-team.ts";
import { StatusBadge } from "@/modules/connectors/components/status-badge.tsx";
import { listConnectors } from "@/modules/connectors/lib/list-connectors.ts";
import { orNotFound } from "../../_lib/or-not-found.ts";

type Props = { params: Promise<{ slug: string }> };

// One lookup per request for the page and its title.
const findTeam = cache(async (slug: string) => {
  const user = await requireUser();
  return { user, data: await orNotFound(getTeamForMember(db(), user, slug)) };
});

export async function generateMetadata({ params }: Props) {
  const { data } = await findTeam((await params).slug);
  return { title: data.team.name };
}

export default async function TeamPage({ params }: Props) {
  const { user, data } = await findTeam((await params).slug);
  const { team, role, members, invitations } = data;
  const canManage = user.isInstanceAdmin || (role !== null && hasRole(role, "ADMIN"));
  // What the team shares, as its members see it; an instance admin outside the team sees none of it.
  const connectors = role ? (await listConnectors(db(), user)).filter((connector) => connector.teamId === team.id) : [];
  return (
    <>
      <PageHeader
        title={team.name}
        description={
          role
            ? `You are ${role === "MEMBER" ? "a member" : `an ${role.toLowerCase()}`} of this team.`
            : "You manage this team as an instance admin."
        }
      />
      <div className="space-y-8">
        <Card title="Members" description={`${members.length} member${members.length === 1 ? "" : "s"}`}>
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Members">
            {members.map((member) => (
              <li key={member.id} className="flex items-center justify-between gap-4 py-3">
                <div className="min-w-0">
                  <p className="truncate text-sm font-medium">{member.user.name ?? member.user.email}</p>
                  <p className="truncate text-xs text-zinc-500">{member.user.email}</p>
                </div>
                <div className="flex items-center gap-3">
                  {canManage ? null : <Badge>{member.role.toLowerCase()}</Badge>}
                  <MemberActions
                    teamId={team.id}
                    userId={member.user.id}
                    role={member.role}
                    canManage={canManage}
                    isSelf={member.user.id === user.id}
                  />
                </div>
              </li>
            ))}
          </ul>
        </Card>
        {role ? (
          <Card
            title="Connectors"
            description="Installed for the team: every member can use them through the gateway."
            actions={
              canManage ? (
                <Link href="/catalog" className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">
                  Add from the catalog
                </Link>
              ) : undefined
            }
          >
            {connectors.length === 0 ? (
              <p className="text-sm text-zinc-500 dark:text-zinc-400">
                {canManage
                  ? `None yet. Install one from the catalog and choose “Team ${team.name}” under Install for.`
                  : "None yet. A team admin can install one from the catalog for the team."}
              </p>
            ) : (
              <ul aria-label="Team connectors" className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {connectors.map((connector) => (
                  <li key={connector.id} className="flex items-center justify-between gap-4 py-3">
                    <Link
                      href={`/connectors/${connector.id}`}
                      className="truncate text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400"
                    >
                      {connector.name}
                    </Link>
                    <StatusBadge status={connector.status} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}
        {canManage ? (
          <Card
            title="Invite people"
            description="They get a link to create an account (or sign in) and join this team."
          >
            <InviteForm teamId={team.id} allowOwner={role === "OWNER" || user.isInstanceAdmin} />
            {invitations.length > 0 ? (
              <div className="mt-6">
                <h3 className="text-sm font-medium text-zinc-700 dark:text-zinc-300">Pending invitations</h3>
                <ul aria-label="Pending invitations" className="mt-2 divide-y divide-zinc-200 dark:divide-zinc-800">
                  {invitations.map((invitation) => (
                    <li key={invitation.id} className="flex items-center justify-between py-2 text-sm">
                      <span>
                        {invitation.email} <Badge>{invitation.role.toLowerCase()}</Badge>
                      </span>
                      <span className="flex items-center gap-3 text-xs text-zinc-500">
                        expires {invitation.expiresAt.toLocaleDateString()}
                        <ActionButton action={revokeInvitationAction.bind(null, invitation.id)}>Revoke</ActionButton>
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </Card>
        ) : null}
      </div>
    </>
  );
}
