import "server-only";
import { createGuardedFetch } from "@switchboard/oauth";
import type { GuardedFetch } from "@switchboard/oauth";
import { env } from "@/env";

/** Bundle URLs come from imported documents: fetched through the SSRF guard, like every URL an admin hands in. */
export function createBundleFetch(): GuardedFetch {
  const config = env();
  return createGuardedFetch({
    allowInsecureHttp: config.SWITCHBOARD_ALLOW_INSECURE_HTTP,
    allowedDestinations: config.SWITCHBOARD_ALLOWED_DESTINATIONS,
    // Release downloads (GitHub's) redirect to a storage host.
    maxRedirects: 5,
    timeoutMs: 60_000,
    maxResponseBytes: config.SWITCHBOARD_BUNDLE_MAX_MB * 1024 * 1024,
    // Streamed into readBundle, which hashes it on the way: the bundle is held once, not copied.
    streamBody: true,
  });
}
