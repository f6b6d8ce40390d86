import { z } from "zod";
import { encryptionKeysSchema } from "./crypto/keys.ts";

/**
 * Settings every Switchboard process reads, validated the same way in each app's env.ts. They live
 * here because every app already depends on this package.
 */
export const envFields = {
  databaseUrl: () =>
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
      .describe("PostgreSQL connection string."),
  redisUrl: () =>
    z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// URL")
      .describe("Redis for the job queues and runner heartbeats; needs `maxmemory-policy noeviction`."),
  /** Parsed into keys and length-checked here, so every process refuses a bad key at start. */
  encryptionKeys: () =>
    encryptionKeysSchema.describe(
      "`id:base64-32-bytes[,id:key…]`. The first key encrypts; all decrypt. See key rotation below.",
    ),
  /** A comma-separated list, trimmed, empty entries dropped. */
  commaList: () =>
    z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean),
      ),
  /**
   * A bundle is held in memory (once, hashed as it streams in) while it is checked and unzipped,
   * so web and runner cap it alike, and low enough for the 2-core, few-GiB hosts Switchboard is
   * self-hosted on: a runner holds at most two at once and builds one image at a time.
   */
  bundleMaxMb: () =>
    z.coerce
      .number()
      .int()
      .min(1)
      .max(512)
      .default(64)
      .describe(
        "Largest MCP bundle (`.mcpb`) the catalog import and the runner download, in MiB, at most 512: the download is held in memory while it is checked and unzipped (a runner holds at most two at once and builds one image at a time), which a small self-hosted box (2 cores, a few GiB) can spare.",
      ),
  metricsToken: () =>
    z
      .string()
      .min(24, "must be at least 24 characters")
      .describe(
        "Bearer token Prometheus presents to `GET /metrics` (web: `/api/metrics`); without it the endpoint is off.",
      )
      .optional(),
  /** "true" or "false" (default false). */
  flag: () =>
    z
      .enum(["true", "false"])
      .default("false")
      .transform((value) => value === "true"),
  logLevel: () =>
    z
      .enum(["fatal", "error", "warn", "info", "debug", "trace"])
      .describe("Least severe log level written: fatal, error, warn, info, debug or trace.")
      .default("info"),
};

/** The environment does not describe a working process; the message names every bad setting. */
export class MisconfigurationError extends Error {
  override readonly name = "MisconfigurationError";
}

/**
 * How every process reads its environment: once, at start, all problems in one message
 * ("Switchboard runner is misconfigured:" and a line per setting).
 */
export function parseEnv<Schema extends z.ZodType>(
  processName: string,
  schema: Schema,
  source: NodeJS.ProcessEnv,
): z.output<Schema> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
  throw new MisconfigurationError(`Switchboard ${processName} is misconfigured:\n${problems}`);
}

/**
 * For entry points: a misconfiguration ends the process with its message alone (exit code 1), not
 * a stack trace an operator has to read the message out of.
 */
export function readEnvOrExit<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof MisconfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
