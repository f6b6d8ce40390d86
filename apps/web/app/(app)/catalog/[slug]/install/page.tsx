import Link from "next/link";
import { isOAuth } from "@switchboard/catalog";
import { Card } from "@/components/ui/card.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { db } from "@/server/db.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { getCatalogEntry } from "@/modules/catalog/lib/get-catalog-entry.ts";
import { InstallForm } from "@/modules/connectors/components/install-form.tsx";
import { listInstallScopes } from "@/modules/connectors/lib/list-install-scopes.ts";
import { orNotFound } from "../../../_lib/or-not-found.ts";

export const metadata = { title: "Install connector" };

export default async function InstallPage({ params }: { params: Promise<{ slug: string }> }) {
  const user = await requireUser();
  const { slug } = await params;
  const row = await orNotFound(getCatalogEntry(db(), slug));
  const teams = await listInstallScopes(db(), user);
  const { entry } = row;
  const signsInWithOAuth = isOAuth(entry.auth);
  return (
    <>
      <PageHeader
        title={`Install ${entry.name}`}
        description={
          signsInWithOAuth
            ? "Fill in the settings, then sign in with the provider to authorize the connector."
            : "Fill in the settings; the connector starts as soon as it is installed."
        }
        actions={
          <Link href={`/catalog/${entry.id}`} className="text-sm text-indigo-600 hover:underline">
            Back to {entry.name}
          </Link>
        }
      />
      <div className="max-w-2xl">
        <Card>
          <InstallForm
            slug={entry.id}
            fields={Object.entries(entry.userConfig)}
            teams={teams}
            signsInWithOAuth={signsInWithOAuth}
          />
        </Card>
      </div>
    </>
  );
}
