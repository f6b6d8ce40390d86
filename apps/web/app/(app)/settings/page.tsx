import { Card } from "@/components/ui/card.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { db } from "@/server/db.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { listSessions } from "@/server/auth/sessions.ts";
import { PasswordForm } from "@/modules/settings/components/password-form.tsx";
import { ProfileForm } from "@/modules/settings/components/profile-form.tsx";
import { SessionList } from "@/modules/settings/components/session-list.tsx";
import { TokenList } from "@/components/ui/token-list.tsx";
import { env } from "@/env";
import { revokeApiTokenAction } from "@/modules/api-tokens/actions.ts";
import { CreateApiTokenForm } from "@/modules/api-tokens/components/create-api-token-form.tsx";
import { listApiTokens } from "@/modules/api-tokens/lib/api-tokens.ts";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const [sessions, apiTokens, record] = await Promise.all([
    listSessions(db(), user.id),
    listApiTokens(db(), user.id),
    db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } }),
  ]);
  return (
    <>
      <PageHeader title="Settings" description="Your profile, password, signed-in browsers and API tokens." />
      <div className="space-y-8">
        <Card title="Profile">
          <ProfileForm name={user.name ?? ""} email={user.email} />
        </Card>
        <Card
          title="Password"
          description={
            record.passwordHash
              ? "Changing it signs out your other sessions."
              : "You sign in with SSO. You can add a password too."
          }
        >
          <PasswordForm hasPassword={record.passwordHash !== null} />
        </Card>
        <Card
          title="Sessions"
          description="Browsers where you are signed in. Signing one out takes effect on its next request."
        >
          <SessionList
            currentId={user.sessionId}
            sessions={sessions.map((s) => ({
              ...s,
              createdAt: s.createdAt.toISOString(),
              lastSeenAt: s.lastSeenAt.toISOString(),
            }))}
          />
        </Card>
        <Card
          title="API tokens"
          description="For scripts, CI and infrastructure as code: the REST API (docs/api.md) manages your connectors as you. To use connectors' tools, create a gateway token instead."
        >
          <div className="space-y-6">
            <CreateApiTokenForm apiUrl={new URL("/api/v1", env().NEXTAUTH_URL).toString()} />
            <TokenList
              label="API tokens"
              rows={apiTokens.map((token) => ({
                ...token,
                reach: token.readOnly ? "Read only" : "Read and change",
                revoke: revokeApiTokenAction.bind(null, token.id),
              }))}
            />
          </div>
        </Card>
      </div>
    </>
  );
}
