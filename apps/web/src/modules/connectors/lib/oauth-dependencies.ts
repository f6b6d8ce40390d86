import type { PrismaClient } from "@switchboard/db";
import type { SecretBox } from "@switchboard/db/crypto";
import type { GuardedFetch } from "@switchboard/oauth";
import type { EnforceRateLimit } from "@/server/rate-limit/web-rate-limits.ts";

/** What the install and authorization functions need from the outside world; tests pass their own. */
export interface OAuthDependencies {
  prisma: PrismaClient;
  secretBox: SecretBox;
  /** SSRF-guarded fetch for discovery, registration and token requests. */
  fetch: GuardedFetch;
  /**
   * SSRF-guarded streaming fetch that checks a remote server answers on its declared transport
   * before it is installed (an SSE stream never ends, so not `fetch`); without it, no check.
   */
  probeFetch?: typeof fetch | undefined;
  /** `${NEXTAUTH_URL}/api/oauth/callback`, exactly as registered with providers. */
  redirectUri: string;
  enqueueStart(connector: { id: string; updatedAt: Date; runnerId: string | null }): Promise<void>;
  /** Counts an OAuth start or callback per user; absent in tests that do not exercise limits. */
  enforceRateLimit?: EnforceRateLimit | undefined;
  /** Receives codes and ids only, never tokens or provider text. */
  log: { warn(details: Record<string, unknown>, message: string): void };
}

export function buildRedirectUri(baseUrl: string): string {
  return new URL("/api/oauth/callback", baseUrl).toString();
}
