import Link from "next/link";
import { Badge } from "@/components/ui/badge.tsx";
import { buttonClasses, type ButtonVariant } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { db } from "@/server/db.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { ReauthorizeButton } from "@/modules/connectors/components/reauthorize-button.tsx";
import { needsAuthorization, StatusBadge } from "@/modules/connectors/components/status-badge.tsx";
import {
  authorizationErrorMessages,
  isAuthorizationErrorReason,
} from "@/modules/connectors/lib/authorization-errors.ts";
import { listConnectors } from "@/modules/connectors/lib/list-connectors.ts";

export const metadata = { title: "Connectors" };

export default async function ConnectorsPage({ searchParams }: { searchParams: Promise<{ authorization?: string }> }) {
  const user = await requireUser();
  const { authorization } = await searchParams;
  const connectors = await listConnectors(db(), user);
  const toAuthorize = connectors.filter((row) => row.canManage && needsAuthorization(row.status));
  return (
    <>
      <PageHeader
        title="Connectors"
        description="The connectors you installed for yourself and for your teams."
        // With nothing installed, the empty state below offers the catalog: once is enough.
        actions={connectors.length > 0 ? <BrowseCatalogLink variant="secondary" /> : undefined}
      />
      {isAuthorizationErrorReason(authorization) ? (
        <p
          role="alert"
          className="mb-6 rounded-md bg-red-50 px-4 py-3 text-sm text-red-700 ring-1 ring-red-200 ring-inset dark:bg-red-950 dark:text-red-300 dark:ring-red-900"
        >
          {authorizationErrorMessages[authorization]} Start the sign-in again from the connector below.
        </p>
      ) : null}
      {toAuthorize.length > 0 ? (
        <section
          aria-label="Needs re-authorization"
          className="mb-6 rounded-xl bg-amber-50 px-5 py-4 ring-1 ring-amber-200 ring-inset dark:bg-amber-950 dark:ring-amber-900"
        >
          <h2 className="text-sm font-semibold text-amber-900 dark:text-amber-200">
            {toAuthorize.length === 1 ? "A connector needs" : `${toAuthorize.length} connectors need`} re-authorization
          </h2>
          <ul className="mt-3 space-y-2">
            {toAuthorize.map((row) => (
              <li key={row.id} className="flex flex-wrap items-center justify-between gap-3 text-sm">
                <span>
                  {row.name}
                  {row.team ? ` (team ${row.team.name})` : ""}:{" "}
                  {row.status === "NEEDS_REAUTH"
                    ? (row.statusReason ?? "its access was revoked or expired.")
                    : "sign in with the provider to finish installing."}
                </span>
                <ReauthorizeButton
                  connectorId={row.id}
                  label={row.status === "NEEDS_REAUTH" ? "Re-authorize" : "Authorize"}
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {connectors.length === 0 ? (
        <EmptyState
          icon="⚡"
          title="No connectors yet"
          description="Install a connector from the catalog; it will appear here with its status, tools and logs."
          action={<BrowseCatalogLink variant="primary" />}
        />
      ) : (
        <Card>
          <ul aria-label="Installed connectors" className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {connectors.map((row) => (
              <li key={row.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div>
                  <Link href={`/connectors/${row.id}`} className="font-medium text-indigo-600 hover:underline">
                    {row.name}
                  </Link>{" "}
                  <Badge>{row.team ? `Team ${row.team.name}` : "Personal"}</Badge>
                  {row.reauthorizeBy && row.status !== "NEEDS_REAUTH" ? (
                    <p className="text-xs text-zinc-500">
                      The provider issued no refresh token: re-authorize by{" "}
                      {row.reauthorizeBy.toISOString().slice(0, 16).replace("T", " ")} UTC.
                    </p>
                  ) : null}
                </div>
                <StatusBadge status={row.status} />
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}

function BrowseCatalogLink({ variant }: { variant: ButtonVariant }) {
  return (
    <Link href="/catalog" className={buttonClasses(variant)}>
      Browse the catalog
    </Link>
  );
}
