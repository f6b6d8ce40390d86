import "server-only";
import { createGuardedFetch, normalizeIssuer } from "@switchboard/oauth";
import { Redis } from "ioredis";
import type Provider from "oidc-provider";
import { env } from "@/env";
import { db, secretBox } from "@/server/db.ts";
import { logger } from "@/server/logger.ts";
import { CLIENT_ADDRESS_HEADER, startLoopbackServer } from "./loopback-bridge.ts";
import { createProvider } from "./create-provider.ts";
import { deriveSecret } from "./derive-secret.ts";
import { deleteExpiredOidcPayloads, OIDC_PAYLOAD_SWEEP_INTERVAL_MS } from "./delete-expired-oidc-payloads.ts";
import { createOidcRequestHandler } from "./handle-oidc-request.ts";
import { createOidcRateLimits } from "./oidc-rate-limits.ts";
import { createSessionUserResolver } from "./resolve-session-user.ts";
import { loadSigningKeys } from "./signing-keys.ts";
import { isIdJagEnabled } from "@/modules/instance-settings/lib/id-jag-setting.ts";

interface OidcServer {
  provider: Provider;
  /** Where the provider listens inside this process (see loopback-bridge.ts). */
  loopbackOrigin: string;
  csrfSecret: string;
}

const globalForOidc = globalThis as unknown as { switchboardOidc?: Promise<OidcServer> };

/** The process's authorization server, built on first use (it loads its signing keys from Postgres). */
export function getOidcServer(): Promise<OidcServer> {
  globalForOidc.switchboardOidc ??= buildOidcServer().catch((error: unknown) => {
    globalForOidc.switchboardOidc = undefined;
    throw error;
  });
  return globalForOidc.switchboardOidc;
}

async function buildOidcServer(): Promise<OidcServer> {
  const config = env();
  const issuer = normalizeIssuer(config.NEXTAUTH_URL);
  const csrfSecret = deriveSecret(config.NEXTAUTH_SECRET, "consent csrf");
  const guardPolicy = {
    allowInsecureHttp: config.SWITCHBOARD_ALLOW_INSECURE_HTTP,
    allowedDestinations: config.SWITCHBOARD_ALLOWED_DESTINATIONS,
  };
  const provider = createProvider({
    prisma: db(),
    secretBox: secretBox(),
    issuer,
    gatewayUrl: config.GATEWAY_PUBLIC_URL,
    signingKeys: await loadSigningKeys(db(), secretBox()),
    cookieSecret: deriveSecret(config.NEXTAUTH_SECRET, "oidc cookies"),
    registeredClientIdleSeconds: config.OAUTH_SERVER_CLIENT_IDLE_DAYS * 24 * 60 * 60,
    onBackgroundError: (error) => logger.error({ err: error }, "auditing a revoked grant failed"),
    metadataFetch: createGuardedFetch({
      ...guardPolicy,
      timeoutMs: 5_000,
      maxResponseBytes: 5 * 1024,
      maxRedirects: 0,
    }),
    // The company SSO is the one IdP whose ID-JAGs are trusted; without it there is no such grant.
    ...(config.OIDC_ISSUER &&
      config.OIDC_CLIENT_ID && {
        idJag: {
          idpIssuer: config.OIDC_ISSUER,
          idpFetch: createGuardedFetch({ ...guardPolicy, timeoutMs: 5_000, maxResponseBytes: 256 * 1024 }),
          isEnabled: () => isIdJagEnabled(db()),
        },
      }),
  });
  const handle = createOidcRequestHandler({
    provider,
    prisma: db(),
    issuer,
    gatewayUrl: config.GATEWAY_PUBLIC_URL,
    csrfSecret,
    resolveUser: createSessionUserResolver(db(), config.NEXTAUTH_SECRET, issuer.startsWith("https://")),
    limitRequest: createOidcRateLimits(createLimitsRedis(config.REDIS_URL), {
      "/reg": config.RATE_LIMIT_OAUTH_SERVER_REGISTER,
      "/auth": config.RATE_LIMIT_OAUTH_SERVER_AUTHORIZE,
      "/token": config.RATE_LIMIT_OAUTH_SERVER_TOKEN,
    }),
    clientAddressOf: (request) => String(request.headers[CLIENT_ADDRESS_HEADER] ?? "unknown"),
  });
  sweepExpiredPayloads();
  const loopbackOrigin = await startLoopbackServer(handle, (error) =>
    logger.error({ err: error }, "authorization server request failed"),
  );
  return { provider, loopbackOrigin, csrfSecret };
}

/** Fails fast, so a Redis outage falls back to the limiter's per-instance counting. */
function createLimitsRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on("error", (error) => logger.warn({ err: error }, "OAuth rate-limit Redis connection error"));
  return redis;
}

/** Expired codes, sessions, grants and forgotten clients would otherwise stay in Postgres forever. */
function sweepExpiredPayloads(): void {
  const sweep = () =>
    void deleteExpiredOidcPayloads(db()).catch((error: unknown) =>
      logger.error({ err: error }, "deleting expired OAuth server rows failed"),
    );
  sweep();
  setInterval(sweep, OIDC_PAYLOAD_SWEEP_INTERVAL_MS).unref();
}
