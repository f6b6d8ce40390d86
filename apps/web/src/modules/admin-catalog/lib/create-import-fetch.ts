import "server-only";
import { createGuardedFetch, type GuardedFetch, type GuardedFetchPolicy } from "@switchboard/oauth";
import { env } from "@/env";
import { MAX_IMPORT_DOCUMENT_BYTES } from "./import-limits.ts";

/** URLs an admin hands in, or that imported documents name: fetched through the SSRF guard. */
function createAdminFetch(policy: GuardedFetchPolicy): GuardedFetch {
  const config = env();
  return createGuardedFetch({
    allowInsecureHttp: config.SWITCHBOARD_ALLOW_INSECURE_HTTP,
    allowedDestinations: config.SWITCHBOARD_ALLOWED_DESTINATIONS,
    ...policy,
  });
}

/** MCP bundles imported documents name. */
export function createBundleFetch(): GuardedFetch {
  return createAdminFetch({
    // Release downloads (GitHub's) redirect to a storage host.
    maxRedirects: 5,
    timeoutMs: 60_000,
    maxResponseBytes: env().SWITCHBOARD_BUNDLE_MAX_MB * 1024 * 1024,
    // Streamed into readBundle, which hashes it on the way: the bundle is held once, not copied.
    streamBody: true,
  });
}

/** A catalog document loaded from the address an admin gives (as large as an upload may be). */
export function createDocumentFetch(): GuardedFetch {
  return createAdminFetch({ maxRedirects: 5, timeoutMs: 15_000, maxResponseBytes: MAX_IMPORT_DOCUMENT_BYTES });
}
