import { redirect } from "next/navigation";
import { normalizeResource } from "@switchboard/oauth";
import { env } from "@/env";
import { Logo } from "@/components/logo.tsx";
import { getCurrentUser } from "@/server/auth/current-user.ts";
import { db } from "@/server/db.ts";
import { ConsentForm } from "@/modules/oauth-server/components/consent-form.tsx";
import { consentPagePath } from "@/modules/oauth-server/lib/handle-oidc-request.ts";
import { createConsentCsrfToken } from "@/modules/oauth-server/lib/consent-csrf.ts";
import { OIDC_MOUNT_PATH } from "@/modules/oauth-server/lib/create-provider.ts";
import { loadConsentRequest } from "@/modules/oauth-server/lib/load-consent-request.ts";
import { getOidcServer } from "@/modules/oauth-server/lib/oidc-server.ts";

export const dynamic = "force-dynamic";
export const metadata = { title: "Allow access?" };

export default async function ConsentPage({ params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?${new URLSearchParams({ callbackUrl: consentPagePath(uid) })}`);
  const { provider, csrfSecret } = await getOidcServer();
  const request = await loadConsentRequest(provider, db(), uid, user.id, normalizeResource(env().GATEWAY_PUBLIC_URL));
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Logo className="mb-8" />
      <div className="w-full max-w-md rounded-2xl border border-zinc-200 bg-white p-8 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        {request ? (
          <ConsentForm
            action={`${OIDC_MOUNT_PATH}/interaction/${encodeURIComponent(uid)}`}
            csrf={createConsentCsrfToken(csrfSecret, user.sessionId, uid)}
            request={request}
          />
        ) : (
          <p className="text-sm">This sign-in request has expired. Start connecting again from your app.</p>
        )}
        <p className="mt-6 text-xs text-zinc-500">Signed in as {user.email}.</p>
      </div>
    </main>
  );
}
