import Link from "next/link";
import { Badge } from "@/components/ui/badge.tsx";
import { Card } from "@/components/ui/card.tsx";
import { CopyableValue } from "@/components/ui/copyable-value.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { env } from "@/env";
import { db } from "@/server/db.ts";
import { requireInstanceAdminUser } from "@/server/auth/current-user.ts";
import { ensureCatalogSynced } from "@/modules/catalog/lib/ensure-catalog-synced.ts";
import { buildRedirectUri } from "@/modules/connectors/lib/oauth-dependencies.ts";
import { listProviderTargets } from "@/modules/providers/lib/list-provider-targets.ts";

export const metadata = { title: "OAuth providers" };

export default async function ProvidersPage() {
  const user = await requireInstanceAdminUser();
  await ensureCatalogSynced();
  const targets = await listProviderTargets(db(), user);
  const redirectUri = buildRedirectUri(env().NEXTAUTH_URL);
  return (
    <>
      <PageHeader
        title="OAuth providers"
        description="Client credentials Switchboard uses to sign members in to OAuth connectors. Secrets are write-only."
      />
      <div className="space-y-8">
        <Card title="Redirect URI" description="Register this exact URI with every provider's OAuth app.">
          <CopyableValue label="Redirect URI" value={redirectUri} />
        </Card>
        <Card title="Providers" description={`${targets.length} OAuth catalog entries or providers`}>
          <ul aria-label="Providers" className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {targets.map((target) => (
              <li key={target.key} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div>
                  <Link
                    href={`/admin/providers/${encodeURIComponent(target.key)}`}
                    className="font-medium text-indigo-600 hover:underline"
                  >
                    {target.title}
                  </Link>
                  {target.entryNames.length > 1 || target.key.startsWith("provider:") ? (
                    <p className="text-xs text-zinc-500">Used by {target.entryNames.join(", ")}</p>
                  ) : null}
                </div>
                {target.client ? (
                  <Badge tone="green">Client {target.client.hasSecret ? "and secret set" : "set, no secret"}</Badge>
                ) : target.optional ? (
                  <Badge>Dynamic registration</Badge>
                ) : (
                  <Badge tone="amber">Not configured</Badge>
                )}
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
