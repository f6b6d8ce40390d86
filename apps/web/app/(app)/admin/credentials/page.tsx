import { PageHeader } from "@/components/ui/page-header.tsx";
import { db } from "@/server/db.ts";
import { requireInstanceAdminUser } from "@/server/auth/current-user.ts";
import { CredentialHealthGroup } from "@/modules/admin-credentials/components/credential-health-group.tsx";
import { listCredentialsByHealth } from "@/modules/admin-credentials/lib/list-credentials-by-health.ts";

export const metadata = { title: "OAuth credentials" };

export default async function CredentialsPage() {
  const user = await requireInstanceAdminUser();
  const groups = await listCredentialsByHealth(db(), user);
  return (
    <>
      <PageHeader
        title="OAuth credentials"
        description="Connectors' OAuth tokens by health, with their last refresh and error. Tokens are never shown."
      />
      <div className="space-y-8">
        {groups.map((group) => (
          <CredentialHealthGroup key={group.health} health={group.health} credentials={group.credentials} />
        ))}
      </div>
    </>
  );
}
