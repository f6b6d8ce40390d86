import { envFields, parseEnv } from "@switchboard/db/env";
import { rateLimitSetting } from "@switchboard/rate-limit";
import { z } from "zod";

const schema = z.object({
  DATABASE_URL: envFields.databaseUrl(),
  SWITCHBOARD_ENCRYPTION_KEYS: envFields.encryptionKeys(),
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65535).default(3200),
  GATEWAY_HOST: z.string().default("0.0.0.0"),
  /** The public URL MCP clients use, e.g. https://switchboard.example.com/mcp. */
  GATEWAY_PUBLIC_URL: z.url("must be the public URL of the gateway's MCP endpoint"),
  /** The runner's internal HTTP server, where stdio bridges live (with several runners: see REDIS_URL). */
  RUNNER_URL: z.url().default("http://127.0.0.1:3300"),
  /** Where the runners announce their URLs; with it, each installation's bridge is reached on its own runner. */
  REDIS_URL: envFields.redisUrl().optional(),
  RUNNER_INTERNAL_TOKEN: z.string().min(24, "must be at least 24 characters (scripts/generate-secrets.sh makes one)"),
  GATEWAY_CALL_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
  GATEWAY_MAX_SESSIONS_PER_TOKEN: z.coerce.number().int().min(1).max(10_000).default(50),
  /** Extra browser origins (comma-separated) allowed to call the MCP endpoint; its own origin always is. */
  GATEWAY_ALLOWED_ORIGINS: envFields.commaList(),
  /** Private hosts, host:port pairs or CIDRs remote MCP servers may resolve to (comma-separated). */
  SWITCHBOARD_ALLOWED_DESTINATIONS: envFields.commaList(),
  /** Development only: allow remote MCP servers on plain http. */
  SWITCHBOARD_ALLOW_INSECURE_HTTP: envFields.flag(),
  METRICS_TOKEN: envFields.metricsToken(),
  /** Wrong bearer tokens one client address may present, `<attempts>/<seconds>`, counted in Redis (needs REDIS_URL). */
  GATEWAY_RATE_LIMIT_AUTH_FAILURES: rateLimitSetting("30/60"),
  /** Web's public URL (its NEXTAUTH_URL): MCP clients sign in there with OAuth. Unset: gateway tokens only. */
  OAUTH_ISSUER: z.url().optional(),
  LOG_LEVEL: envFields.logLevel(),
});

export type GatewayEnv = z.infer<typeof schema>;

/** The gateway's configuration, validated once at start; the only place the gateway reads the environment. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): GatewayEnv {
  return parseEnv("gateway", schema, source);
}
