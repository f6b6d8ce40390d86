import { env } from "@/env";
import { getCurrentUser } from "@/server/auth/current-user.ts";
import { isRateLimitedError } from "@/server/errors.ts";
import { tooManyRequestsResponse } from "@/server/rate-limit/web-rate-limits.ts";
import { completeConnectorAuthorization } from "@/modules/connectors/lib/complete-connector-authorization.ts";
import { createOAuthDependencies } from "@/modules/connectors/lib/create-oauth-dependencies.ts";

export const dynamic = "force-dynamic";

/** Where OAuth providers send the browser back; the flow's `state` ties the request to its user. */
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const user = await getCurrentUser();
  let location: string;
  try {
    location = user
      ? await completeConnectorAuthorization(createOAuthDependencies(), user, url.searchParams)
      : `/sign-in?${new URLSearchParams({ callbackUrl: `${url.pathname}${url.search}` })}`;
  } catch (error) {
    if (isRateLimitedError(error)) return tooManyRequestsResponse(error);
    throw error;
  }
  return new Response(null, {
    status: 302,
    // The callback URL carries the code: keep it out of caches and Referer headers.
    headers: {
      location: new URL(location, env().NEXTAUTH_URL).toString(),
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
    },
  });
}
