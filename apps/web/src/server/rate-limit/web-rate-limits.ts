import {
  createRateLimiter,
  resolveClientAddress,
  tooManyRequestsHeaders,
  type RateLimitRule,
} from "@switchboard/rate-limit";
import type { Redis } from "ioredis";
import { RateLimitedError } from "../errors.ts";

/** Every limit the web app applies, and what each one is counted per. */
export const webRateLimitNames = [
  /** per e-mail address */
  "signIn",
  /** per client address */
  "signInPerAddress",
  /** per client address */
  "signUp",
  /** per user */
  "invitationAccept",
  /** per user: install or re-authorize with OAuth */
  "oauthStart",
  /** per user */
  "oauthCallback",
  /** per user */
  "tokenCreate",
  /** per user: REST API requests made with an API token */
  "api",
] as const;

export type WebRateLimitName = (typeof webRateLimitNames)[number];
export type WebRateLimitRules = Record<WebRateLimitName, Omit<RateLimitRule, "name">>;
export type EnforceRateLimit = (name: WebRateLimitName, key: string) => Promise<void>;

/**
 * The web app's limits, counted in Redis so every web instance shares one budget per key.
 * `enforce` counts an attempt and throws `RateLimitedError` once the budget is spent.
 */
export function createWebRateLimits(redis: Redis, rules: WebRateLimitRules): { enforce: EnforceRateLimit } {
  const limiters = new Map(
    webRateLimitNames.map((name) => [name, createRateLimiter(redis, { name: `web.${name}`, ...rules[name] })]),
  );
  return {
    async enforce(name, key) {
      const verdict = await limiters.get(name)!.consume(key);
      if (!verdict.allowed) throw new RateLimitedError(verdict.retryAfterSeconds);
    },
  };
}

/** The HTTP answer for a limited caller: 429 with `Retry-After`. */
export function tooManyRequestsResponse(error: RateLimitedError, body: Record<string, unknown> = {}): Response {
  return Response.json(
    { error: "rate_limited", message: error.message, ...body },
    { status: 429, headers: tooManyRequestsHeaders(error) },
  );
}

/**
 * The client's address (see `resolveClientAddress`). Next.js hides the socket from route handlers
 * and server actions and writes its address into `X-Forwarded-For` only when the request had none,
 * so with no trusted proxy the header's last entry stands in for it, and a client that reaches web
 * directly can forge it (docs/security.md).
 */
export function clientAddressOf(headers: Headers, trustedProxyHops: number): string {
  const forwardedFor = headers.get("x-forwarded-for") ?? undefined;
  const socketAddress = forwardedFor
    ?.split(",")
    .map((hop) => hop.trim())
    .findLast((hop) => hop !== "");
  return resolveClientAddress({ socketAddress, forwardedFor, trustedProxyHops });
}
