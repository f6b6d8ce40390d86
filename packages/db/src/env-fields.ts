import { z } from "zod";

/**
 * Settings every Switchboard process reads, validated the same way in each app's env.ts. They live
 * here because every app already depends on this package.
 */
export const envFields = {
  databaseUrl: () => z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
  redisUrl: () => z.string().regex(/^rediss?:\/\//, "must be a redis:// URL"),
  encryptionKeys: () => z.string().min(1, "is required (scripts/generate-secrets.sh makes one)"),
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
  /** Bearer token Prometheus presents to `GET /metrics`; without it the endpoint is off. */
  metricsToken: () => z.string().min(24, "must be at least 24 characters").optional(),
  /** "true" or "false" (default false). */
  flag: () =>
    z
      .enum(["true", "false"])
      .default("false")
      .transform((value) => value === "true"),
};
