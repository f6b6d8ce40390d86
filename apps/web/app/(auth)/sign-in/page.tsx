import Link from "next/link";
import { redirect } from "next/navigation";
import { env } from "@/env";
import { db } from "@/server/db.ts";
import { getCurrentUser } from "@/server/auth/current-user.ts";
import { safeReturnPath } from "@/lib/safe-return-path.ts";
import { SignInForm } from "@/modules/auth/components/sign-in-form.tsx";
import { SsoButton } from "@/modules/auth/components/sso-button.tsx";

export const metadata = { title: "Sign in" };

const errorMessages: Record<string, string> = {
  OAuthCallback: "Single sign-on did not complete. Your account may need an invitation.",
  OAuthSignin: "Could not reach your identity provider. Try again.",
  AccessDenied: "Access denied.",
  SessionRequired: "Please sign in to continue.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const { callbackUrl, error } = await searchParams;
  const returnTo = safeReturnPath(callbackUrl, "/catalog");
  if (await getCurrentUser()) redirect(returnTo);
  if ((await db().user.count()) === 0) redirect("/sign-up");
  const config = env();
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in to Switchboard</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-500 dark:text-zinc-400">
        Your team&apos;s MCP connectors, in one place.
      </p>
      {config.OIDC_ISSUER ? (
        <div className="mb-6 space-y-4">
          <SsoButton name={config.OIDC_DISPLAY_NAME} callbackUrl={returnTo} />
          <div className="flex items-center gap-3 text-xs text-zinc-400">
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
            or
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
          </div>
        </div>
      ) : null}
      <SignInForm
        callbackUrl={returnTo}
        initialError={error ? (errorMessages[error] ?? "Sign-in failed. Try again.") : undefined}
      />
      <p className="mt-6 text-center text-sm text-zinc-500">
        Invited? Open the link from your invitation, or{" "}
        <Link href="/sign-up" className="font-medium text-indigo-600 hover:text-indigo-500">
          create an account
        </Link>
        .
      </p>
    </>
  );
}
