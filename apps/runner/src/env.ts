import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import type { RefreshPolicy } from "@switchboard/credential-refresh";
import type { EncryptionKey } from "@switchboard/db/crypto";
import { envFields, parseEnv } from "@switchboard/db/env";
import { z } from "zod";
import { DEFAULT_BUNDLE_BINARY_IMAGE, imageRefSchema } from "@switchboard/catalog";
import { DEFAULT_PULL_LIMITS, type PullLimits } from "./runtime/ensure-image.ts";
import { parseNameservers } from "./runtime/network-firewall.ts";

/**
 * Image settings become a Dockerfile's `FROM` line when a bundle's image is built: a newline or a
 * stray word there would add build steps, so each is an image reference or start-up fails. Empty
 * counts as unset, as compose passes an unset variable through.
 */
const optionalImageRef = () => z.preprocess((value) => (value === "" ? undefined : value), imageRefSchema.optional());

export const envSchema = z.object({
  DATABASE_URL: envFields.databaseUrl(),
  REDIS_URL: envFields.redisUrl().default("redis://127.0.0.1:6379"),
  SWITCHBOARD_ENCRYPTION_KEYS: envFields.encryptionKeys(),
  RUNNER_ID: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, "must be a short name such as runner-1")
    .describe("Names this runner's containers and the connectors pinned to it; keep it stable across restarts."),
  RUNNER_INTERNAL_TOKEN: z
    .string()
    .min(24, "must be at least 24 characters (scripts/generate-secrets.sh makes one)")
    .describe(
      "Shared secret for the runner's internal endpoints (stdio bridges, logs), at least 24 characters; without it web shows no container logs.",
    ),
  RUNNER_HTTP_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .default(3300)
    .describe("Port of the runner's internal HTTP server (health, logs, stdio bridges, metrics)."),
  RUNNER_HTTP_HOST: z.string().default("127.0.0.1").describe("Address the runner's internal HTTP server listens on."),
  RUNNER_ADVERTISED_URL: z
    .url()
    .optional()
    .describe(
      "How web and gateway reach this runner's HTTP server, announced in its heartbeat: with several runners, each connector's logs and stdio bridge are fetched from its own runner. Defaults to http://RUNNER_HTTP_HOST:RUNNER_HTTP_PORT unless that host is a wildcard address.",
    ),
  RUNNER_SECRETS_DIR: z
    .string()
    .default("/dev/shm/switchboard")
    .describe("Host tmpfs folder for the credential files mounted into MCP containers."),
  RUNNER_NODE_IMAGE: optionalImageRef().describe(
    "Image for `node` runtime connectors (default: the catalog's Node image).",
  ),
  RUNNER_PYTHON_IMAGE: optionalImageRef().describe(
    "Image for `python` runtime connectors (default: the catalog's Python image).",
  ),
  RUNNER_BUNDLE_BINARY_IMAGE: imageRefSchema
    .default(DEFAULT_BUNDLE_BINARY_IMAGE)
    .describe(
      "Image an MCP bundle of server type `binary` is unpacked onto (node and python bundles use the images above).",
    ),
  SWITCHBOARD_BUNDLE_MAX_MB: envFields.bundleMaxMb(),
  RUNNER_PULL_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .default(DEFAULT_PULL_LIMITS.timeoutMs / 1000)
    .describe(
      "An image pull still running after this many seconds is stopped and the connector's start fails (and is retried); raise it for large images on a slow link.",
    ),
  RUNNER_PULL_STALL_SECONDS: z.coerce
    .number()
    .int()
    .min(5)
    .default(DEFAULT_PULL_LIMITS.stallTimeoutMs / 1000)
    .describe(
      "An image pull that reports no progress for this many seconds (a registry or Docker daemon that hangs) is stopped and the connector's start fails (and is retried).",
    ),
  RUNNER_MEMORY_MB: z.coerce
    .number()
    .int()
    .min(16)
    .optional()
    .describe("Default memory limit of an MCP container, in MiB."),
  RUNNER_CPUS: z.coerce.number().min(0.01).optional().describe("Default CPU limit of an MCP container."),
  RUNNER_PIDS: z.coerce.number().int().min(8).optional().describe("Default process limit of an MCP container."),
  RUNNER_ALLOWED_CIDRS: envFields
    .commaList()
    .describe("Private CIDRs MCP containers may reach anyway, comma-separated (e.g. a corporate proxy)."),
  RUNNER_CHECK_REMOTE: z
    .enum(["true", "false"])
    .default("true")
    .transform((value) => value === "true")
    .describe("Health-check remote MCP servers before marking them running (they live on the internet)."),
  RUNNER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4).describe("Jobs one runner processes at once."),
  RUNNER_REFRESH_MARGIN_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(300)
    .describe("Refresh OAuth tokens this long before they expire, or 20% of a shorter lifetime."),
  RUNNER_REFRESH_UNSTATED_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .default(3600)
    .describe(
      "Refresh tokens whose provider states no expiry (Salesforce) as if they lived this long; 0 never refreshes them ahead.",
    ),
  SWITCHBOARD_ALLOW_INSECURE_HTTP: envFields
    .flag()
    .describe("As for web: plain http to OAuth providers on loopback, development only."),
  SWITCHBOARD_ALLOWED_DESTINATIONS: envFields
    .commaList()
    .describe("As for web: private destinations the token requests may reach, comma-separated."),
  METRICS_TOKEN: envFields.metricsToken(),
  LOG_LEVEL: envFields.logLevel(),
});

export interface RunnerEnv {
  databaseUrl: string;
  redisUrl: string;
  encryptionKeys: EncryptionKey[];
  runnerId: string;
  internalToken: string;
  http: { port: number; host: string };
  advertisedUrl: string | undefined;
  secretsDir: string;
  /** Keys the containers' spec-hash label; derived from the internal token so it is stable across restarts. */
  specHashKey: string;
  images: { node?: string; python?: string };
  bundleBinaryImage: string;
  bundleMaxBytes: number;
  pullLimits: PullLimits;
  resources: { memoryBytes?: number; nanoCpus?: number; pidsLimit?: number };
  dnsServers: string[];
  allowedCidrs: string[];
  checkRemote: boolean;
  concurrency: number;
  refreshPolicy: RefreshPolicy;
  oauth: { allowInsecureHttp: boolean; allowedDestinations: string[] };
  metricsToken: string | undefined;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
}

/** The runner's configuration, validated once at boot; the only place the runner reads the environment. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): RunnerEnv {
  const env = parseEnv("runner", envSchema, source);
  return {
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    encryptionKeys: env.SWITCHBOARD_ENCRYPTION_KEYS,
    runnerId: env.RUNNER_ID,
    internalToken: env.RUNNER_INTERNAL_TOKEN,
    http: { port: env.RUNNER_HTTP_PORT, host: env.RUNNER_HTTP_HOST },
    advertisedUrl: env.RUNNER_ADVERTISED_URL ?? defaultAdvertisedUrl(env.RUNNER_HTTP_HOST, env.RUNNER_HTTP_PORT),
    secretsDir: env.RUNNER_SECRETS_DIR,
    specHashKey: createHmac("sha256", env.RUNNER_INTERNAL_TOKEN).update("switchboard.spec-hash").digest("hex"),
    images: {
      ...(env.RUNNER_NODE_IMAGE && { node: env.RUNNER_NODE_IMAGE }),
      ...(env.RUNNER_PYTHON_IMAGE && { python: env.RUNNER_PYTHON_IMAGE }),
    },
    bundleBinaryImage: env.RUNNER_BUNDLE_BINARY_IMAGE,
    bundleMaxBytes: env.SWITCHBOARD_BUNDLE_MAX_MB * 1024 * 1024,
    pullLimits: {
      timeoutMs: env.RUNNER_PULL_TIMEOUT_SECONDS * 1000,
      stallTimeoutMs: env.RUNNER_PULL_STALL_SECONDS * 1000,
    },
    resources: {
      ...(env.RUNNER_MEMORY_MB !== undefined && { memoryBytes: env.RUNNER_MEMORY_MB * 1024 * 1024 }),
      ...(env.RUNNER_CPUS !== undefined && { nanoCpus: Math.round(env.RUNNER_CPUS * 1e9) }),
      ...(env.RUNNER_PIDS !== undefined && { pidsLimit: env.RUNNER_PIDS }),
    },
    dnsServers: parseNameservers(readFileSync("/etc/resolv.conf", "utf8")),
    allowedCidrs: env.RUNNER_ALLOWED_CIDRS,
    checkRemote: env.RUNNER_CHECK_REMOTE,
    concurrency: env.RUNNER_CONCURRENCY,
    refreshPolicy: {
      marginMs: env.RUNNER_REFRESH_MARGIN_SECONDS * 1000,
      marginRatio: 0.2,
      unstatedLifetimeMs: env.RUNNER_REFRESH_UNSTATED_LIFETIME_SECONDS * 1000,
    },
    oauth: {
      allowInsecureHttp: env.SWITCHBOARD_ALLOW_INSECURE_HTTP,
      allowedDestinations: env.SWITCHBOARD_ALLOWED_DESTINATIONS,
    },
    metricsToken: env.METRICS_TOKEN,
    logLevel: env.LOG_LEVEL,
  };
}

function defaultAdvertisedUrl(host: string, port: number): string | undefined {
  if (host === "0.0.0.0" || host === "::") return undefined;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
