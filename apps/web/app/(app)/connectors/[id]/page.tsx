import Link from "next/link";
import { cache } from "react";
import { Badge } from "@/components/ui/badge.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { requireUser } from "@/server/auth/current-user.ts";
import { db } from "@/server/db.ts";
import { ConnectorLive } from "@/modules/connector-status/components/connector-live.tsx";
import { ConnectorLogs } from "@/modules/connector-status/components/connector-logs.tsx";
import { SupportAccessForm } from "@/modules/connector-status/components/support-access-form.tsx";
import { mayManageConnector } from "@/modules/connector-status/lib/change-desired-state.ts";
import { getConnectorForUser } from "@/modules/connector-status/lib/get-connector-for-user.ts";
import { findLogAccess, SUPPORT_ACCESS_MINUTES } from "@/modules/connector-status/lib/log-access.ts";
import { toStatusView } from "@/modules/connector-status/lib/to-status-view.ts";
import { CatalogUpdateCard } from "@/modules/connectors/components/catalog-update-card.tsx";
import { ConnectorSettingsCard } from "@/modules/connectors/components/connector-settings-card.tsx";
import { ConnectorEndpointCard } from "@/modules/connectors/components/connector-endpoint-card.tsx";
import { env } from "@/env";
import { findCatalogUpdate } from "@/modules/connectors/lib/find-catalog-update.ts";
import { findEditableSettings } from "@/modules/connectors/lib/find-editable-settings.ts";
import { ConnectorUsageCard } from "@/modules/usage/components/connector-usage-card.tsx";
import { getConnectorUsage } from "@/modules/usage/lib/get-connector-usage.ts";
import { orNotFound } from "../../_lib/or-not-found.ts";

type Props = { params: Promise<{ id: string }> };

// One lookup per request for the page and its title.
const findConnector = cache(async (id: string) => {
  const user = await requireUser();
  return { user, connector: await orNotFound(getConnectorForUser(db(), user, id)) };
});

export async function generateMetadata({ params }: Props) {
  const { connector } = await findConnector((await params).id);
  return { title: connector.name };
}

export default async function ConnectorPage({ params }: Props) {
  const { user, connector } = await findConnector((await params).id);
  const [canManage, update, logAccess, usage, settings] = await Promise.all([
    mayManageConnector(db(), user, connector),
    findCatalogUpdate(db(), connector.id),
    findLogAccess(db(), user, connector),
    getConnectorUsage(db(), user, connector.id, { days: 7 }),
    findEditableSettings(db(), connector.id),
  ]);
  return (
    <>
      <PageHeader
        title={connector.name}
        description={[
          // Naming the entry only when it differs from the connector's own name says something.
          connector.catalogEntry.name === connector.name ? null : `From ${connector.catalogEntry.name}`,
          connector.team ? `Shared with team ${connector.team.name}` : "Only you can use it",
        ]
          .filter(Boolean)
          .join(" · ")}
        actions={
          <div className="flex items-center gap-2">
            <Badge tone={connector.team ? "indigo" : "neutral"}>{connector.team ? "Team" : "Personal"}</Badge>
            <Link
              href={`/catalog/${connector.catalogEntry.slug}`}
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
            connectorId={connector.id}
            update={update}
            canAccept={canManage && logAccess === "in_scope"}
          />
        ) : null}
        <ConnectorLive id={connector.id} initial={toStatusView(connector)} canManage={canManage} />
        <ConnectorEndpointCard gatewayUrl={env().GATEWAY_PUBLIC_URL} connector={connector} />
        <ConnectorUsageCard usage={usage} />
        {canManage && logAccess === "in_scope" && settings ? (
          <ConnectorSettingsCard connectorId={connector.id} settings={settings} />
        ) : null}
        {logAccess === "needs_support_access" ? (
          <SupportAccessForm id={connector.id} minutes={SUPPORT_ACCESS_MINUTES} />
        ) : (
          <ConnectorLogs id={connector.id} />
        )}
      </div>
    </>
  );
}
