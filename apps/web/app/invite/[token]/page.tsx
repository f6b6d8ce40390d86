import Link from "next/link";
import { Logo } from "@/components/logo.tsx";
import { buttonClasses } from "@/components/ui/button.tsx";
import { db } from "@/server/db.ts";
import { getCurrentUser } from "@/server/auth/current-user.ts";
import { AcceptInvitationButton } from "@/modules/teams/components/accept-invitation-button.tsx";
import { describeInvitation, type InvitationDescription } from "@/modules/teams/lib/describe-invitation.ts";

export const metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await getCurrentUser();
  const here = `/invite/${encodeURIComponent(token)}`;
  const invitation = await describeInvitation(db(), token);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Logo className="mb-8" />
      <div className="w-full max-w-sm rounded-2xl border border-zinc-200 bg-white p-8 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-xl font-semibold">{invitationTitle(invitation)}</h1>
        {!invitation.usable ? (
          <p role="alert" className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            {invitation.reason}{" "}
            {user ? null : (
              <Link href="/sign-in" className="font-medium text-indigo-600 hover:text-indigo-500">
                Sign in
              </Link>
            )}
          </p>
        ) : user ? (
          <>
            <p className="mt-1 mb-6 text-sm text-zinc-500">
              For {invitation.email}; you are signed in as {user.email}.
            </p>
            <AcceptInvitationButton token={token} />
          </>
        ) : (
          <>
            <p className="mt-1 mb-6 text-sm text-zinc-500">
              For {invitation.email}. Create your account to join, or sign in if you already have one.
            </p>
            <div className="space-y-3">
              <Link
                href={`/sign-up?${new URLSearchParams({ invitation: token, email: invitation.email })}`}
                className={buttonClasses("primary", "w-full")}
              >
                Create account
              </Link>
              <Link
                href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`}
                className={buttonClasses("secondary", "w-full")}
              >
                Sign in
              </Link>
            </div>
          </>
        )}
      </div>
    </main>
  );
}

function invitationTitle(invitation: InvitationDescription): string {
  if (!invitation.usable) return "This invitation cannot be used";
  if (!invitation.teamName) return "You're invited to Switchboard";
  return `Join ${invitation.teamName} as ${invitation.role === "MEMBER" ? "a member" : `an ${invitation.role.toLowerCase()}`}`;
}
