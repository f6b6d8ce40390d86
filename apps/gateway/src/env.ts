import { envFields, parseEnv } from "@switchboard/db/env";
import { rateLimitSetting, trustedProxyHopsSetting } from "@switchboard/rate-limit";
import { z } from "zod";

export const envSchema = z.object({
  DATABASE_URL: envFields.databaseUrl(),
  SWITCHBOARD_ENCRYPTION_KEYS: envFields.encryptionKeys(),
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65535).default(3200).describe("Port the gateway listens on."),
  GATEWAY_HOST: z.string().default("0.0.0.0").describe("Address the gateway listens on."),
  GATEWAY_PUBLIC_URL: z
    .url("must be the public URL of the gateway's MCP endpoint")
    .describe("The public URL MCP clients use, e.g. https://switchboard.example.com/mcp."),
  RUNNER_URL: z
    .url()
    .default("http://127.0.0.1:3300")
    .describe("The runner's internal HTTP server, where stdio bridges live (with several runners: see REDIS_URL)."),
  REDIS_URL: envFields
    .redisUrl()
    .optional()
    .describe(
      "Where the runners announce their URLs (each connector's bridge is reached on its own runner) and where MCP sessions are shared, so several gateways serve them behind a load balancer without sticky sessions.",
    ),
  RUNNER_INTERNAL_TOKEN: z
    .string()
    .min(24, "must be at least 24 characters (scripts/generate-secrets.sh makes one)")
    .describe(
      "Shared secret for the runner's internal endpoints (stdio bridges, logs), at least 24 characters; without it web shows no container logs.",
    ),
  GATEWAY_CALL_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(600_000)
    .default(60_000)
    .describe("How long a call to an upstream MCP server may take, in milliseconds."),
  GATEWAY_MAX_SESSIONS_PER_TOKEN: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(50)
    .describe("Open MCP sessions one gateway token may hold."),
  GATEWAY_ALLOWED_ORIGINS: envFields
    .commaList()
    .describe(
      "Extra browser origins (comma-separated) allowed to call the MCP endpoint (CORS); its own origin always is.",
    ),
  SWITCHBOARD_ALLOWED_DESTINATIONS: envFields
    .commaList()
    .describe("Private hosts, host:port pairs or CIDRs remote MCP servers may resolve to (comma-separated)."),
  SWITCHBOARD_ALLOW_INSECURE_HTTP: envFields
    .flag()
    .describe("Development only: allow remote MCP servers on plain http."),
  METRICS_TOKEN: envFields.metricsToken(),
  GATEWAY_RATE_LIMIT_AUTH_FAILURES: rateLimitSetting("30/60").describe(
    "Wrong bearer tokens one client address may present, `<attempts>/<seconds>`, counted in Redis (needs REDIS_URL).",
  ),
  TRUSTED_PROXY_HOPS: trustedProxyHopsSetting().describe(
    "Reverse proxies in front of web and the gateway that append to X-Forwarded-For; rate limits per client address take the entry that many from the right. 0: clients connect directly (see docs/security.md).",
  ),
  OAUTH_ISSUER: z
    .url()
    .optional()
    .describe("Web's public URL (its NEXTAUTH_URL): MCP clients sign in there with OAuth. Unset: gateway tokens only."),
  LOG_LEVEL: envFields.logLevel(),
});

export type GatewayEnv = z.infer<typeof envSchema>;

/** The gateway's configuration, validated once at start; the only place the gateway reads the environment. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): GatewayEnv {
  return parseEnv("gateway", envSchema, source);
}
