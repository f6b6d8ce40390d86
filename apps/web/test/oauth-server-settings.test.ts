import { describe, expect, it } from "vitest";
import { envSchema } from "@/env";
import { OIDC_RATE_LIMITS } from "@/modules/oauth-server/lib/oidc-rate-limits.ts";
import { REGISTERED_CLIENT_IDLE_SECONDS } from "@/modules/oauth-server/lib/prisma-adapter.ts";

const required = {
  DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:5432/unused",
  NEXTAUTH_URL: "https://switchboard.example.com",
  NEXTAUTH_SECRET: "a-nextauth-secret-of-at-least-32-chars",
  SWITCHBOARD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}`,
};

describe("authorization server limits are settings", () => {
  it("default to the built-in budgets and DCR expiry", () => {
    const config = envSchema.parse(required);
    expect({
      "/reg": config.RATE_LIMIT_OAUTH_SERVER_REGISTER,
      "/auth": config.RATE_LIMIT_OAUTH_SERVER_AUTHORIZE,
      "/token": config.RATE_LIMIT_OAUTH_SERVER_TOKEN,
    }).toEqual(OIDC_RATE_LIMITS);
    expect(config.OAUTH_SERVER_CLIENT_IDLE_DAYS * 24 * 60 * 60).toBe(REGISTERED_CLIENT_IDLE_SECONDS);
  });

  it("take an operator's values and refuse malformed ones", () => {
    const config = envSchema.parse({
      ...required,
      RATE_LIMIT_OAUTH_SERVER_TOKEN: "5/60",
      OAUTH_SERVER_CLIENT_IDLE_DAYS: "7",
    });
    expect(config.RATE_LIMIT_OAUTH_SERVER_TOKEN).toEqual({ points: 5, windowSeconds: 60 });
    expect(config.OAUTH_SERVER_CLIENT_IDLE_DAYS).toBe(7);
    const bad = envSchema.safeParse({
      ...required,
      RATE_LIMIT_OAUTH_SERVER_REGISTER: "lots",
      OAUTH_SERVER_CLIENT_IDLE_DAYS: "0",
    });
    expect(bad.error?.issues.map((issue) => issue.path.join("."))).toEqual([
      "RATE_LIMIT_OAUTH_SERVER_REGISTER",
      "OAUTH_SERVER_CLIENT_IDLE_DAYS",
    ]);
  });
});
