import Link from "next/link";
import { Badge } from "@/components/ui/badge.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { requireUser } from "@/server/auth/current-user.ts";
import { db } from "@/server/db.ts";
import { InstallationLive } from "@/modules/installation-status/components/installation-live.tsx";
import { InstallationLogs } from "@/modules/installation-status/components/installation-logs.tsx";
import { SupportAccessForm } from "@/modules/installation-status/components/support-access-form.tsx";
import { mayManageInstallation } from "@/modules/installation-status/lib/change-desired-state.ts";
import { getInstallationForUser } from "@/modules/installation-status/lib/get-installation-for-user.ts";
import { findLogAccess, SUPPORT_ACCESS_MINUTES } from "@/modules/installation-status/lib/log-access.ts";
import { toStatusView } from "@/modules/installation-status/lib/to-status-view.ts";
import { CatalogUpdateCard } from "@/modules/installations/components/catalog-update-card.tsx";
import { findCatalogUpdate } from "@/modules/installations/lib/find-catalog-update.ts";
import { orNotFound } from "../../_lib/or-not-found.ts";

export const metadata = { title: "Connector" };

export default async function InstallationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  const installation = await orNotFound(getInstallationForUser(db(), user, id));
  const [canManage, update, logAccess] = await Promise.all([
    mayManageInstallation(db(), user, installation),
    findCatalogUpdate(db(), installation.id),
    findLogAccess(db(), user, installation),
  ]);
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
        {update ? (
          <CatalogUpdateCard
            installationId={installation.id}
            update={update}
            canAccept={canManage && logAccess === "in_scope"}
          />
        ) : null}
        <InstallationLive id={installation.id} initial={toStatusView(installation)} canManage={canManage} />
        {logAccess === "needs_support_access" ? (
          <SupportAccessForm id={installation.id} minutes={SUPPORT_ACCESS_MINUTES} />
        ) : (
          <InstallationLogs id={installation.id} />
        )}
      </div>
    </>
  );
}
