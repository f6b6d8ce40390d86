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
  const form = await request
    .clone()
    .formData()
    .catch(() => undefined);
  const email = form?.get("email");
  try {
    await enforce("signInPerAddress", clientAddressOf(request.headers, trustedProxyHops));
    if (typeof email === "string" && email.trim() !== "") await enforce("signIn", email.trim().toLowerCase());
    return undefined;
  } catch (error) {
    if (!isRateLimitedError(error)) throw error;
    return tooManyRequestsResponse(error, { url: `${signInPageUrl}?error=RateLimited` });
  }
}
