import "server-only";
import { createGuardedFetch, createGuardedStreamingFetch } from "@switchboard/oauth";
import { env } from "@/env";
import { db, secretBox } from "@/server/db.ts";
import { requestConnectorJob } from "@/server/jobs.ts";
import { logger } from "@/server/logger.ts";
import { rateLimits } from "@/server/rate-limit/index.ts";
import { buildRedirectUri, type OAuthDependencies } from "./oauth-dependencies.ts";

export function createOAuthDependencies(): OAuthDependencies {
  const config = env();
  return {
    prisma: db(),
    secretBox: secretBox(),
    fetch: createGuardedFetch({
      allowInsecureHttp: config.SWITCHBOARD_ALLOW_INSECURE_HTTP,
      allowedDestinations: config.SWITCHBOARD_ALLOWED_DESTINATIONS,
    }),
    probeFetch: createGuardedStreamingFetch({
      allowInsecureHttp: config.SWITCHBOARD_ALLOW_INSECURE_HTTP,
      allowedDestinations: config.SWITCHBOARD_ALLOWED_DESTINATIONS,
    }),
    redirectUri: buildRedirectUri(config.NEXTAUTH_URL),
    enqueueStart: (connector) => requestConnectorJob("installation.start", connector),
    enforceRateLimit: rateLimits().enforce,
    log: logger,
  };
}
