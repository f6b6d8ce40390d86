import "server-only";
import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL")
    .default("redis://127.0.0.1:6379"),
  NEXTAUTH_URL: z.url("must be the public URL of Switchboard, e.g. https://switchboard.example.com"),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (scripts/generate-secrets.sh makes one)"),
  SWITCHBOARD_ENCRYPTION_KEYS: z.string().min(1, "is required (scripts/generate-secrets.sh makes one)"),
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
  /** Development only: allow OAuth providers and SSO over plain http on loopback. */
  SWITCHBOARD_ALLOW_INSECURE_HTTP: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Validated configuration, read on first use so `next build` does not need production secrets. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Switchboard web is misconfigured:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}
