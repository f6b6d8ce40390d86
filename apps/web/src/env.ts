import "server-only";
import { parseDestinationAllowlist } from "@switchboard/oauth";
import { envFields, parseEnv } from "@switchboard/db/env";
import { rateLimitSetting, trustedProxyHopsSetting } from "@switchboard/rate-limit";
import { z } from "zod";
import { OIDC_RATE_LIMITS } from "./modules/oauth-server/lib/oidc-rate-limits.ts";
import { REGISTERED_CLIENT_IDLE_SECONDS } from "./modules/oauth-server/lib/prisma-adapter.ts";

export const envSchema = z.object({
  DATABASE_URL: envFields.databaseUrl(),
  REDIS_URL: envFields.redisUrl().default("redis://127.0.0.1:6379"),
  NEXTAUTH_URL: z
    .url("must be the public URL of Switchboard, e.g. https://switchboard.example.com")
    .describe("The public URL of Switchboard; OAuth redirect URIs are built from it."),
  NEXTAUTH_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (scripts/generate-secrets.sh makes one)")
    .describe("At least 32 random characters; signs session cookies."),
  SWITCHBOARD_ENCRYPTION_KEYS: envFields.encryptionKeys(),
  GATEWAY_PUBLIC_URL: z
    .url()
    .default("http://localhost:3200/mcp")
    .describe("The MCP endpoint clients use; shown in the Gateway page's ready-made configs."),
  OIDC_ISSUER: z
    .url()
    .optional()
    .describe("Company SSO through any OpenID Connect provider: its issuer URL (optional)."),
  OIDC_CLIENT_ID: z.string().optional().describe("The client id Switchboard has at the SSO provider."),
  OIDC_CLIENT_SECRET: z.string().optional().describe("The client secret Switchboard has at the SSO provider."),
  OIDC_DISPLAY_NAME: z.string().default("Company SSO").describe("The SSO button's label."),
  SSO_ALLOWED_DOMAINS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((domain) => domain.trim().toLowerCase())
        .filter(Boolean),
    )
    .describe("Comma-separated e-mail domains whose SSO users may join without an invitation."),
  SWITCHBOARD_DEVELOPER_CATALOG_DIR: z
    .string()
    .optional()
    .describe('A folder of catalog JSON files, re-read on every catalog page load (entries are tagged "Developer").'),
  RUNNER_URL: z
    .url()
    .default("http://127.0.0.1:3300")
    .describe("Where web reaches the runner's internal endpoints (container logs)."),
  RUNNER_INTERNAL_TOKEN: z
    .string()
    .min(24)
    .optional()
    .describe(
      "Shared secret for the runner's internal endpoints (stdio bridges, logs), at least 24 characters; without it web shows no container logs.",
    ),
  METRICS_TOKEN: envFields.metricsToken(),
  SWITCHBOARD_ALLOW_INSECURE_HTTP: envFields
    .flag()
    .describe("Development only: allow OAuth providers and SSO over plain http on loopback."),
  SWITCHBOARD_ALLOWED_DESTINATIONS: envFields
    .commaList()
    .refine(isDestinationList, "must be a comma-separated list of hosts, host:port, IPs or CIDR networks")
    .describe(
      "Comma-separated hosts, `host:port`s, IPs or CIDR networks the OAuth client may reach even though they resolve to private addresses (the seeds' ALLOWED_DESTINATIONS).",
    ),
  SWITCHBOARD_BUNDLE_MAX_MB: envFields.bundleMaxMb(),
  /** Rate limits, each `<attempts>/<seconds>`, shared by all web instances through Redis. */
  RATE_LIMIT_SIGN_IN: rateLimitSetting("10/300").describe(
    "Password sign-in attempts per e-mail address, `<attempts>/<seconds>`.",
  ),
  RATE_LIMIT_SIGN_IN_PER_ADDRESS: rateLimitSetting("50/300").describe(
    "Password sign-in attempts per client address, `<attempts>/<seconds>`.",
  ),
  RATE_LIMIT_SIGN_UP: rateLimitSetting("10/3600").describe("Sign-ups per client address, `<attempts>/<seconds>`."),
  RATE_LIMIT_INVITATION_ACCEPT: rateLimitSetting("10/600").describe(
    "Invitation accepts per user, `<attempts>/<seconds>`.",
  ),
  RATE_LIMIT_OAUTH_START: rateLimitSetting("30/600").describe(
    "OAuth authorizations (install or re-authorize) started per user, `<attempts>/<seconds>`.",
  ),
  RATE_LIMIT_OAUTH_CALLBACK: rateLimitSetting("30/600").describe("OAuth callbacks per user, `<attempts>/<seconds>`."),
  RATE_LIMIT_TOKEN_CREATE: rateLimitSetting("20/3600").describe(
    "Gateway and API tokens created per user, `<attempts>/<seconds>`.",
  ),
  RATE_LIMIT_API: rateLimitSetting("600/60").describe(
    "REST API requests made with API tokens per user, `<attempts>/<seconds>`.",
  ),
  RATE_LIMIT_OAUTH_SERVER_REGISTER: rateLimitSetting(asSetting(OIDC_RATE_LIMITS["/reg"])).describe(
    "Dynamic client registrations at Switchboard's authorization server per client address, `<attempts>/<seconds>`.",
  ),
  RATE_LIMIT_OAUTH_SERVER_AUTHORIZE: rateLimitSetting(asSetting(OIDC_RATE_LIMITS["/auth"])).describe(
    "Authorization requests to Switchboard's authorization server per client address, `<attempts>/<seconds>`.",
  ),
  RATE_LIMIT_OAUTH_SERVER_TOKEN: rateLimitSetting(asSetting(OIDC_RATE_LIMITS["/token"])).describe(
    "Token requests (codes, refreshes, ID-JAGs) to Switchboard's authorization server per client address, `<attempts>/<seconds>`; token revocations have a budget of the same size.",
  ),
  OAUTH_SERVER_CLIENT_IDLE_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(REGISTERED_CLIENT_IDLE_SECONDS / 86_400)
    .describe("Days a dynamically registered OAuth client (DCR) may go unused before Switchboard forgets it."),
  TRUSTED_PROXY_HOPS: trustedProxyHopsSetting().describe(
    "Reverse proxies in front of web and the gateway that append to X-Forwarded-For; rate limits per client address take the entry that many from the right. 0: clients connect directly (see docs/security.md).",
  ),
  GATEWAY_MAX_TOKENS_PER_USER: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(50)
    .describe("Active (unrevoked, unexpired) gateway tokens one user may hold."),
});

function asSetting(rule: { points: number; windowSeconds: number }): `${number}/${number}` {
  return `${rule.points}/${rule.windowSeconds}`;
}

function isDestinationList(entries: string[]): boolean {
  try {
    parseDestinationAllowlist(entries);
    return true;
  } catch {
    return false;
  }
}

export type Env = z.infer<typeof envSchema>;

/** Next's own build mode (not a setting): development relaxes the Content-Security-Policy for eval. */
export const isDevelopment = process.env.NODE_ENV === "development";

let cached: Env | undefined;

/**
 * Validated configuration. instrumentation.ts reads it once when the server starts (not during
 * `next build`, which needs no production secrets), so a misconfigured web stops at start.
 */
export function env(): Env {
  cached ??= parseEnv("web", envSchema, process.env);
  return cached;
}
