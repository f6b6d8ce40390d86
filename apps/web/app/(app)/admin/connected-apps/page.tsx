import Link from "next/link";
import { Card } from "@/components/ui/card.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { db } from "@/server/db.ts";
import { requireInstanceAdminUser } from "@/server/auth/current-user.ts";
import { ConnectedApps } from "@/modules/oauth-server/components/connected-apps.tsx";
import { listAllConnectedApps } from "@/modules/oauth-server/lib/connected-apps.ts";

export const metadata = { title: "Connected apps" };

export default async function AdminConnectedAppsPage() {
  await requireInstanceAdminUser();
  const apps = await listAllConnectedApps(db());
  return (
    <>
      <PageHeader
        title="Connected apps"
        description="Every MCP client people on this instance let reach the gateway through sign-in."
        actions={
          <Link href="/admin/oauth-clients" className="text-sm font-medium text-indigo-600 hover:underline">
            Registered clients
          </Link>
        }
      />
      <Card>
        <ConnectedApps apps={apps} asAdmin />
      </Card>
    </>
  );
}
