import Link from "next/link";
import { buttonClasses } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { db } from "@/server/db.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { ReauthorizeButton } from "@/modules/connectors/components/reauthorize-button.tsx";
import {
  authorizationErrorMessages,
  isAuthorizationErrorReason,
} from "@/modules/connectors/lib/authorization-errors.ts";
import { getManagedConnector } from "@/modules/connectors/lib/get-managed-connector.ts";

export const metadata = { title: "Authorization failed" };

export default async function AuthorizationErrorPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ reason?: string; connector?: string }>;
}) {
  const user = await requireUser();
  const { slug } = await params;
  const { reason, connector: connectorId } = await searchParams;
  const message = authorizationErrorMessages[isAuthorizationErrorReason(reason) ? reason : "failed"];
  const connector = connectorId ? await getManagedConnector(db(), user, connectorId).catch(() => undefined) : undefined;
  return (
    <>
      <PageHeader title="The connector was not authorized" />
      <div className="max-w-2xl">
        <Card>
          <p role="alert" className="text-sm text-zinc-800 dark:text-zinc-200">
            {message}
          </p>
          <p className="mt-2 text-sm text-zinc-500">Nothing was changed. You can try again now.</p>
          <div className="mt-6 flex items-center gap-3">
            {connector ? (
              <ReauthorizeButton connectorId={connector.id} label="Try again" />
            ) : (
              <Link href={`/catalog/${encodeURIComponent(slug)}/install`} className={buttonClasses("primary")}>
                Try again
              </Link>
            )}
            <Link href="/connectors" className={buttonClasses("secondary")}>
              Go to connectors
            </Link>
          </div>
        </Card>
      </div>
    </>
  );
}
