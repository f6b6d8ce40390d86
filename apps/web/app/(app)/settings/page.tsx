import { Card } from "@/components/ui/card.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { db } from "@/server/db.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { listSessions } from "@/server/auth/sessions.ts";
import { PasswordForm } from "@/modules/settings/components/password-form.tsx";
import { ProfileForm } from "@/modules/settings/components/profile-form.tsx";
import { SessionList } from "@/modules/settings/components/session-list.tsx";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const [sessions, record] = await Promise.all([
    listSessions(db(), user.id),
    db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } }),
  ]);
  return (
    <>
      <PageHeader title="Settings" description="Your profile, password and signed-in browsers." />
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
      </div>
    </>
  );
}
