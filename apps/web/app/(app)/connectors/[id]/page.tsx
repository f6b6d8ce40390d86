import Link from "next/link";
import { Badge } from "@/components/ui/badge.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { requireUser } from "@/server/auth/current-user.ts";
import { db } from "@/server/db.ts";
import { InstallationLive } from "@/modules/installation-status/components/installation-live.tsx";
import { InstallationLogs } from "@/modules/installation-status/components/installation-logs.tsx";
import { mayManageInstallation } from "@/modules/installation-status/lib/change-desired-state.ts";
import { getInstallationForUser } from "@/modules/installation-status/lib/get-installation-for-user.ts";
import { toStatusView } from "@/modules/installation-status/lib/to-status-view.ts";
import { orNotFound } from "../../_lib/or-not-found.ts";

export const metadata = { title: "Connector" };

export default async function InstallationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  const installation = await orNotFound(getInstallationForUser(db(), user, id));
  return (
    <>
      <PageHeader
        title={installation.name}
        description={`${installation.catalogEntry.name} · ${
          installation.team ? `shared with team ${installation.team.name}` : "personal"
        }`}
        actions={
          <div className="flex items-center gap-2">
            <Badge tone={installation.team ? "indigo" : "neutral"}>{installation.team ? "Team" : "Personal"}</Badge>
            <Link
              href={`/catalog/${installation.catalogEntry.slug}`}
              className="text-sm text-indigo-600 hover:underline dark:text-indigo-400"
            >
              Catalog entry
            </Link>
          </div>
        }
      />
      <div className="space-y-8">
        <InstallationLive
          id={installation.id}
          initial={toStatusView(installation)}
          canManage={await mayManageInstallation(db(), user, installation)}
        />
        <InstallationLogs id={installation.id} />
      </div>
    </>
  );
}
