import { isRateLimitedError } from "@/server/errors.ts";
import {
  clientAddressOf,
  tooManyRequestsResponse,
  type EnforceRateLimit,
} from "@/server/rate-limit/web-rate-limits.ts";

/**
 * Counts a password sign-in per e-mail address and per client address before next-auth verifies
 * the password (an Argon2id hash each time). A limited caller gets 429 with `Retry-After`; the body
 * carries the `url` next-auth's client reads its error from. `trustedProxyHops` is TRUSTED_PROXY_HOPS.
 */
export async function limitPasswordSignIn(
  request: Request,
  enforce: EnforceRateLimit,
  signInPageUrl: string,
  trustedProxyHops: number,
): Promise<Response | undefined> {
  if (request.method !== "POST" || !new URL(request.url).pathname.endsWith("/callback/credentials")) return undefined;
  const email = await readSubmittedEmail(request);
  try {
    await enforce("signInPerAddress", clientAddressOf(request.headers, trustedProxyHops));
    if (typeof email === "string" && email.trim() !== "") await enforce("signIn", email.trim().toLowerCase());
    return undefined;
  } catch (error) {
    if (!isRateLimitedError(error)) throw error;
    return tooManyRequestsResponse(error, { url: `${signInPageUrl}?error=RateLimited` });
  }
}

/**
 * The e-mail next-auth will check, read its way (next-auth/next/utils.js `getBody`): a JSON body
 * when the content type names JSON, else a form whose last value of a repeated field counts.
 * Reading it any other way lets a caller name one address to the limiter and another to next-auth.
 */
async function readSubmittedEmail(request: Request): Promise<unknown> {
  const contentType = request.headers.get("content-type") ?? "";
  const body = await request
    .clone()
    .text()
    .catch(() => "");
  if (contentType.includes("application/json")) {
    try {
      return (JSON.parse(body) as { email?: unknown } | null)?.email;
    } catch {
      return undefined;
    }
  }
  if (contentType.includes("application/x-www-form-urlencoded"))
    return new URLSearchParams(body).getAll("email").at(-1);
  return undefined;
}
