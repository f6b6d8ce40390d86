import Link from "next/link";
import { Logo } from "@/components/logo.tsx";
import { buttonClasses } from "@/components/ui/button.tsx";
import { getCurrentUser } from "@/server/auth/current-user.ts";
import { AcceptInvitationButton } from "@/modules/teams/components/accept-invitation-button.tsx";

export const metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await getCurrentUser();
  const here = `/invite/${encodeURIComponent(token)}`;
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Logo className="mb-8" />
      <div className="w-full max-w-sm rounded-2xl border border-zinc-200 bg-white p-8 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-xl font-semibold">You&apos;re invited</h1>
        {user ? (
          <>
            <p className="mt-1 mb-6 text-sm text-zinc-500">Signed in as {user.email}.</p>
            <AcceptInvitationButton token={token} />
          </>
        ) : (
          <>
            <p className="mt-1 mb-6 text-sm text-zinc-500">
              Create your account to join, or sign in if you already have one.
            </p>
            <div className="space-y-3">
              <Link
                href={`/sign-up?invitation=${encodeURIComponent(token)}`}
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
