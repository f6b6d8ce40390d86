import { Card } from "@/components/ui/card.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { db } from "@/server/db.ts";
import { requireInstanceAdminUser } from "@/server/auth/current-user.ts";
import { PreRegisterClientForm } from "@/modules/oauth-server/components/pre-register-client-form.tsx";
import { PreRegisteredClients } from "@/modules/oauth-server/components/pre-registered-clients.tsx";
import {
  listClientRestrictionTeams,
  listPreRegisteredClients,
} from "@/modules/oauth-server/lib/pre-register-client.ts";

export const metadata = { title: "OAuth clients" };

export default async function AdminOAuthClientsPage() {
  await requireInstanceAdminUser();
  const [clients, teams] = await Promise.all([listPreRegisteredClients(db()), listClientRestrictionTeams(db())]);
  return (
    <>
      <PageHeader
        title="OAuth clients"
        description="MCP clients registered ahead of time, for apps that can neither publish a metadata document nor register themselves."
      />
      <div className="space-y-8">
        <Card title="Register a client">
          <PreRegisterClientForm teams={teams} />
        </Card>
        <Card title="Registered clients">
          <PreRegisteredClients clients={clients} />
        </Card>
      </div>
    </>
  );
}
