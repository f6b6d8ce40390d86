import Link from "next/link";
import { redirect } from "next/navigation";
import { db } from "@/server/db.ts";
import { getCurrentUser } from "@/server/auth/current-user.ts";
import { SignUpForm } from "@/modules/auth/components/sign-up-form.tsx";

export const metadata = { title: "Create account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ invitation?: string; email?: string }>;
}) {
  const { invitation, email } = await searchParams;
  if (await getCurrentUser()) redirect("/catalog");
  const isFirstUser = (await db().user.count()) === 0;
  if (!isFirstUser && !invitation) {
    return (
      <>
        <h1 className="text-xl font-semibold">Invitation required</h1>
        <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">
          This Switchboard is invite-only. Ask an admin for an invitation link, or{" "}
          <Link href="/sign-in" className="font-medium text-indigo-600 hover:text-indigo-500">
            sign in
          </Link>
          .
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">{isFirstUser ? "Set up Switchboard" : "Create your account"}</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-500 dark:text-zinc-400">
        {isFirstUser
          ? "You are the first user, so you will be this instance's admin."
          : "You were invited to Switchboard."}
      </p>
      <SignUpForm
        invitationToken={invitation}
        email={email}
        submitLabel={isFirstUser ? "Create admin account" : "Create account"}
      />
    </>
  );
}
