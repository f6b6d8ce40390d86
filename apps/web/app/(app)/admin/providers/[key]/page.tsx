import Link from "next/link";
import { Card } from "@/components/ui/card.tsx";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { env } from "@/env";
import { db } from "@/server/db.ts";
import { requireInstanceAdminUser } from "@/server/auth/current-user.ts";
import { buildRedirectUri } from "@/modules/connectors/lib/oauth-dependencies.ts";
import { ProviderClientForm } from "@/modules/providers/components/provider-client-form.tsx";
import { getProviderTarget } from "@/modules/providers/lib/list-provider-targets.ts";
import { orNotFound } from "../../../_lib/or-not-found.ts";

export const metadata = { title: "OAuth provider" };

export default async function ProviderPage({ params }: { params: Promise<{ key: string }> }) {
  const user = await requireInstanceAdminUser();
  const { key } = await params;
  const target = await orNotFound(getProviderTarget(db(), user, decodeURIComponent(key)));
  const redirectUri = buildRedirectUri(env().NEXTAUTH_URL);
  return (
    <>
      <PageHeader
        title={`OAuth client: ${target.title}`}
        description={`Used by ${target.entryNames.join(", ")}.${target.optional ? " Optional: without it, Switchboard registers itself dynamically." : ""}`}
        actions={
          <Link href="/admin/providers" className="text-sm text-indigo-600 hover:underline">
            All providers
          </Link>
        }
      />
      <div className="max-w-2xl space-y-6">
        <Card title="Redirect URI" description="Register this exact URI with the provider's OAuth app.">
          <div className="flex items-center gap-2">
            <code className="flex-1 font-mono text-xs break-all">{redirectUri}</code>
            <CopyButton value={redirectUri} />
          </div>
        </Card>
        <Card title="Client credentials">
          <ProviderClientForm target={target} />
        </Card>
      </div>
    </>
  );
}
