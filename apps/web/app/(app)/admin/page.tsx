import Link from "next/link";
import { Badge } from "@/components/ui/badge.tsx";
import { Card } from "@/components/ui/card.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { Table } from "@/components/ui/table.tsx";
import { db } from "@/server/db.ts";
import { requireInstanceAdminUser } from "@/server/auth/current-user.ts";
import { listUsersForAdmin } from "@/modules/admin/lib/list-users.ts";
import { InviteForm } from "@/modules/teams/components/invite-form.tsx";
import { ActionButton } from "@/components/ui/action-button.tsx";
import { revokeInvitationAction } from "@/modules/teams/actions.ts";
import { IdJagSetting } from "@/modules/instance-settings/components/id-jag-setting.tsx";
import { isIdJagEnabled } from "@/modules/instance-settings/lib/id-jag-setting.ts";
import { env } from "@/env";

export const metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requireInstanceAdminUser();
  const { users, invitations } = await listUsersForAdmin(db(), user);
  const config = env();
  const ssoName = config.OIDC_ISSUER && config.OIDC_CLIENT_ID ? config.OIDC_DISPLAY_NAME : null;
  const idJagEnabled = await isIdJagEnabled(db());
  return (
    <>
      <PageHeader
        title="Admin"
        description="People on this Switchboard instance."
        actions={
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            <Link href="/admin/catalog" className="text-sm font-medium text-indigo-600 hover:underline">
              Catalog
            </Link>
            <Link href="/admin/providers" className="text-sm font-medium text-indigo-600 hover:underline">
              OAuth providers
            </Link>
            <Link href="/admin/credentials" className="text-sm font-medium text-indigo-600 hover:underline">
              OAuth credentials
            </Link>
            <Link href="/admin/connected-apps" className="text-sm font-medium text-indigo-600 hover:underline">
              Connected apps
            </Link>
            <Link href="/admin/usage" className="text-sm font-medium text-indigo-600 hover:underline">
              Usage
            </Link>
            <Link href="/admin/audit" className="text-sm font-medium text-indigo-600 hover:underline">
              Audit log
            </Link>
          </div>
        }
      />
      <div className="space-y-8">
        <Card title="Invite someone" description="Invite a person to this instance without adding them to a team.">
          <InviteForm teamId={null} allowOwner={false} />
          {invitations.length > 0 ? (
            <ul className="mt-6 divide-y divide-zinc-200 dark:divide-zinc-800">
              {invitations.map((invitation) => (
                <li key={invitation.id} className="flex items-center justify-between py-2 text-sm">
                  {invitation.email}
                  <ActionButton action={revokeInvitationAction.bind(null, invitation.id)}>Revoke</ActionButton>
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
        <IdJagSetting enabled={idJagEnabled} ssoName={ssoName} />
        <Card title="Users" description={`${users.length} account${users.length === 1 ? "" : "s"}`}>
          <Table columns={["Name", "E-mail", "Teams", "Joined"]} aria-label="Users">
            {users.map((row) => (
              <tr key={row.id}>
                <td className="py-2.5">
                  {row.name ?? "—"} {row.isInstanceAdmin ? <Badge tone="indigo">admin</Badge> : null}{" "}
                  {row.disabledAt ? <Badge tone="red">disabled</Badge> : null}
                </td>
                <td className="py-2.5 text-zinc-600 dark:text-zinc-400">{row.email}</td>
                <td className="py-2.5">{row._count.memberships}</td>
                <td className="py-2.5 text-zinc-500">{row.createdAt.toLocaleDateString()}</td>
              </tr>
            ))}
          </Table>
        </Card>
      </div>
    </>
  );
}
