import Link from "next/link";
import { buttonClasses } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { db } from "@/server/db.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { ReauthorizeButton } from "@/modules/installations/components/reauthorize-button.tsx";
import {
  authorizationErrorMessages,
  isAuthorizationErrorReason,
} from "@/modules/installations/lib/authorization-errors.ts";
import { getManagedInstallation } from "@/modules/installations/lib/get-managed-installation.ts";

export const metadata = { title: "Authorization failed" };

export default async function AuthorizationErrorPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ reason?: string; installation?: string }>;
}) {
  const user = await requireUser();
  const { slug } = await params;
  const { reason, installation: installationId } = await searchParams;
  const message = authorizationErrorMessages[isAuthorizationErrorReason(reason) ? reason : "failed"];
  const installation = installationId
    ? await getManagedInstallation(db(), user, installationId).catch(() => undefined)
    : undefined;
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
            {installation ? (
              <ReauthorizeButton installationId={installation.id} label="Try again" />
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
