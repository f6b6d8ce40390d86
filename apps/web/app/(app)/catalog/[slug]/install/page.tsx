import Link from "next/link";
import { isOAuth } from "@switchboard/catalog";
import { buttonClasses } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { db } from "@/server/db.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { getCatalogEntry } from "@/modules/catalog/lib/get-catalog-entry.ts";
import { InstallForm } from "@/modules/connectors/components/install-form.tsx";
import { listInstallScopes } from "@/modules/connectors/lib/list-install-scopes.ts";
import { needsProviderClient } from "@/modules/connectors/lib/needs-provider-client.ts";
import { toTargetKey } from "@/modules/providers/lib/provider-target.ts";
import { orNotFound } from "../../../_lib/or-not-found.ts";

export const metadata = { title: "Install connector" };

export default async function InstallPage({ params }: { params: Promise<{ slug: string }> }) {
  const user = await requireUser();
  const { slug } = await params;
  const row = await orNotFound(getCatalogEntry(db(), slug));
  const [teams, awaitsClient] = await Promise.all([listInstallScopes(db(), user), needsProviderClient(db(), row)]);
  const { entry } = row;
  const signsInWithOAuth = isOAuth(entry.auth);
  return (
    <>
      <PageHeader
        title={`Install ${entry.name}`}
        description={
          // An entry without settings has nothing to fill in.
          [
            Object.keys(entry.userConfig).length > 0 ? "Fill in the settings, then" : "Choose who it is for, then",
            signsInWithOAuth
              ? "sign in with the provider to authorize the connector."
              : "install: the connector starts right away.",
          ].join(" ")
        }
        actions={
          <Link href={`/catalog/${entry.id}`} className="text-sm text-indigo-600 hover:underline">
            Back to {entry.name}
          </Link>
        }
      />
      <div className="max-w-2xl">
        {awaitsClient ? (
          // Said before the form is filled in, rather than as an error once it is sent.
          <Card title={`${entry.name} is not set up yet`}>
            <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
              {user.isInstanceAdmin
                ? `Enter the OAuth client your organization registered with ${entry.name}; then anyone here can install it.`
                : `An administrator must first enter the OAuth client your organization registered with ${entry.name}. Ask one to set it up under Admin → OAuth providers.`}
            </p>
            {user.isInstanceAdmin ? (
              <Link
                href={`/admin/providers/${encodeURIComponent(toTargetKey(entry))}`}
                className={`${buttonClasses("primary")} mt-4`}
              >
                Set up the OAuth client
              </Link>
            ) : null}
          </Card>
        ) : (
          <Card>
            <InstallForm
              slug={entry.id}
              fields={Object.entries(entry.userConfig)}
              teams={teams}
              signsInWithOAuth={signsInWithOAuth}
            />
          </Card>
        )}
      </div>
    </>
  );
}
