import "server-only";
import { parseDestinationAllowlist } from "@switchboard/oauth";
import { envFields, parseEnv } from "@switchboard/db/env";
import { rateLimitSetting } from "@switchboard/rate-limit";
import { z } from "zod";

const schema = z.object({
  DATABASE_URL: envFields.databaseUrl(),
  REDIS_URL: envFields.redisUrl().default("redis://127.0.0.1:6379"),
  NEXTAUTH_URL: z.url("must be the public URL of Switchboard, e.g. https://switchboard.example.com"),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (scripts/generate-secrets.sh makes one)"),
  SWITCHBOARD_ENCRYPTION_KEYS: envFields.encryptionKeys(),
  /** The MCP endpoint clients use; shown in the Gateway page's ready-made configs. */
  GATEWAY_PUBLIC_URL: z.url().default("http://localhost:3200/mcp"),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_DISPLAY_NAME: z.string().default("Company SSO"),
  /** Comma-separated e-mail domains whose SSO users may join without an invitation. */
  SSO_ALLOWED_DOMAINS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((domain) => domain.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** A folder of catalog JSON files, re-read on every catalog page load (entries are tagged "Developer"). */
  SWITCHBOARD_DEVELOPER_CATALOG_DIR: z.string().optional(),
  /** Where web reaches the runner's internal endpoints (container logs). */
  RUNNER_URL: z.url().default("http://127.0.0.1:3300"),
  /** Shared with the runner; without it the installation page shows no logs. */
  RUNNER_INTERNAL_TOKEN: z.string().min(24).optional(),
  METRICS_TOKEN: envFields.metricsToken(),
  /** Development only: allow OAuth providers and SSO over plain http on loopback. */
  SWITCHBOARD_ALLOW_INSECURE_HTTP: envFields.flag(),
  /**
   * Comma-separated hosts, `host:port`s, IPs or CIDR networks the OAuth client may reach even
   * though they resolve to private addresses (the seeds' ALLOWED_DESTINATIONS).
   */
  SWITCHBOARD_ALLOWED_DESTINATIONS: envFields
    .commaList()
    .refine(isDestinationList, "must be a comma-separated list of hosts, host:port, IPs or CIDR networks"),
  /** Rate limits, each `<attempts>/<seconds>`, shared by all web instances through Redis. */
  RATE_LIMIT_SIGN_IN: rateLimitSetting("10/300"),
  RATE_LIMIT_SIGN_IN_PER_ADDRESS: rateLimitSetting("50/300"),
  RATE_LIMIT_SIGN_UP: rateLimitSetting("10/3600"),
  RATE_LIMIT_INVITATION_ACCEPT: rateLimitSetting("10/600"),
  RATE_LIMIT_OAUTH_START: rateLimitSetting("30/600"),
  RATE_LIMIT_OAUTH_CALLBACK: rateLimitSetting("30/600"),
  RATE_LIMIT_TOKEN_CREATE: rateLimitSetting("20/3600"),
  /** Active (unrevoked, unexpired) gateway tokens one user may hold. */
  GATEWAY_MAX_TOKENS_PER_USER: z.coerce.number().int().min(1).max(10_000).default(50),
});

function isDestinationList(entries: string[]): boolean {
  try {
    parseDestinationAllowlist(entries);
    return true;
  } catch {
    return false;
  }
}

export type Env = z.infer<typeof schema>;

/** Next's own build mode (not a setting): development relaxes the Content-Security-Policy for eval. */
export const isDevelopment = process.env.NODE_ENV === "development";

let cached: Env | undefined;

/**
 * Validated configuration. instrumentation.ts reads it once when the server starts (not during
 * `next build`, which needs no production secrets), so a misconfigured web stops at start.
 */
export function env(): Env {
  cached ??= parseEnv("web", schema, process.env);
  return cached;
}
