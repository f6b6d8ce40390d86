import Link from "next/link";
import { Badge } from "@/components/ui/badge.tsx";
import { Card } from "@/components/ui/card.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { db } from "@/server/db.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { CreateTeamForm } from "@/modules/teams/components/create-team-form.tsx";
import { listTeamsOf } from "@/modules/teams/lib/get-team.ts";

export const metadata = { title: "Teams" };

export default async function TeamsPage() {
  const user = await requireUser();
  const teams = await listTeamsOf(db(), user.id);
  return (
    <>
      <PageHeader
        title="Teams"
        description="Teams share connectors and their credentials. Owners and admins manage members."
      />
      <div className="space-y-8">
        <Card title="Create a team">
          <CreateTeamForm />
        </Card>
        {teams.length === 0 ? (
          <EmptyState
            icon="◎"
            title="You are not in a team yet"
            description="Create one above, or ask a teammate to invite you."
          />
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Your teams">
            {teams.map((team) => (
              <li key={team.id}>
                <Link
                  href={`/teams/${team.slug}`}
                  className="block rounded-xl border border-zinc-200 bg-white p-5 shadow-xs transition hover:border-indigo-300 hover:shadow-sm dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-indigo-700"
                >
                  <div className="flex items-center justify-between">
                    <h2 className="font-semibold">{team.name}</h2>
                    <Badge tone="indigo">{team.memberships[0]?.role.toLowerCase()}</Badge>
                  </div>
                  <p className="mt-2 text-sm text-zinc-500">
                    {team._count.memberships} member{team._count.memberships === 1 ? "" : "s"}
                  </p>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
