import type { PrismaClient } from "@switchboard/db";
import type { SecretBox } from "@switchboard/db/crypto";
import { createGuardedFetch } from "@switchboard/oauth";
import type { OAuthDependencies } from "@/modules/connectors/lib/oauth-dependencies.ts";

/** The callback the connector-install tests register with their providers (nothing listens there). */
export const TEST_REDIRECT_URI = "http://127.0.0.1:3999/api/oauth/callback";

/**
 * What the install and callback paths need, as web builds it, reaching only `allowedDestinations`
 * (test servers on loopback, over plain http). Nothing is enqueued or logged unless `overrides` say so.
 */
export function createTestOAuthDependencies(
  prisma: PrismaClient,
  secretBox: SecretBox,
  allowedDestinations: string[],
  overrides: Partial<OAuthDependencies> = {},
): OAuthDependencies {
  return {
    prisma,
    secretBox,
    fetch: createGuardedFetch({ allowInsecureHttp: true, allowedDestinations }),
    redirectUri: TEST_REDIRECT_URI,
    enqueueStart: async () => {},
    log: { warn: () => {} },
    ...overrides,
  };
}
