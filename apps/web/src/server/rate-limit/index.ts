import "server-only";
import { Redis } from "ioredis";
import { headers } from "next/headers";
import { env } from "@/env";
import { logger } from "@/server/logger.ts";
import { clientAddressOf, createWebRateLimits, type EnforceRateLimit } from "./web-rate-limits.ts";

const globalForLimits = globalThis as unknown as { switchboardRateLimits?: { enforce: EnforceRateLimit } };

/** The process's limits; one Redis connection that fails fast, so an outage falls back to per-instance limits. */
export function rateLimits(): { enforce: EnforceRateLimit } {
  if (globalForLimits.switchboardRateLimits) return globalForLimits.switchboardRateLimits;
  const config = env();
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on("error", (error) => logger.warn({ err: error }, "rate-limit Redis connection error"));
  globalForLimits.switchboardRateLimits = createWebRateLimits(redis, {
    signIn: config.RATE_LIMIT_SIGN_IN,
    signInPerAddress: config.RATE_LIMIT_SIGN_IN_PER_ADDRESS,
    signUp: config.RATE_LIMIT_SIGN_UP,
    invitationAccept: config.RATE_LIMIT_INVITATION_ACCEPT,
    oauthStart: config.RATE_LIMIT_OAUTH_START,
    oauthCallback: config.RATE_LIMIT_OAUTH_CALLBACK,
    tokenCreate: config.RATE_LIMIT_TOKEN_CREATE,
    api: config.RATE_LIMIT_API,
  });
  return globalForLimits.switchboardRateLimits;
}

/** The current request's client address (see `clientAddressOf`). */
export async function currentClientAddress(): Promise<string> {
  return clientAddressOf(new Headers(await headers()), env().TRUSTED_PROXY_HOPS);
}
