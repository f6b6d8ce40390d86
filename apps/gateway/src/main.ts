import { createPrismaClient } from "@switchboard/db";
import { SecretBox } from "@switchboard/db/crypto";
import { readEnvOrExit } from "@switchboard/db/env";
import { createLogger } from "@switchboard/observability";
import { createFailedAttemptGuard } from "@switchboard/rate-limit";
import { Redis } from "ioredis";
import { createGateway } from "./create-gateway.ts";
import { readEnv } from "./env.ts";
import { trackRequests } from "./http/drain-requests.ts";

const env = readEnvOrExit(() => readEnv());
const logger = createLogger({ name: "gateway", level: env.LOG_LEVEL });
// Last line of defence, not the fix: a rejection nobody handled is a bug to fix, but it must not
// end every user's sessions, so it is logged loudly and the gateway keeps serving.
process.on("unhandledRejection", (reason) =>
  logger.fatal({ err: reason }, "unhandled promise rejection (a bug): the gateway keeps running"),
);
process.on("uncaughtExceptionMonitor", (error) =>
  logger.fatal({ err: error }, "uncaught exception (a bug): the gateway exits"),
);
const prisma = createPrismaClient(env.DATABASE_URL);
const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 }) : undefined;
redis?.on("error", (error) => logger.warn({ err: error }, "redis (runner addresses) unavailable; using RUNNER_URL"));
const gateway = createGateway({
  prisma,
  databaseUrl: env.DATABASE_URL,
  secretBox: new SecretBox(env.SWITCHBOARD_ENCRYPTION_KEYS),
  logger,
  publicUrl: env.GATEWAY_PUBLIC_URL,
  runnerUrl: env.RUNNER_URL,
  redis,
  runnerInternalToken: env.RUNNER_INTERNAL_TOKEN,
  callTimeoutMs: env.GATEWAY_CALL_TIMEOUT_MS,
  maxSessionsPerToken: env.GATEWAY_MAX_SESSIONS_PER_TOKEN,
  allowedOrigins: env.GATEWAY_ALLOWED_ORIGINS,
  metricsToken: env.METRICS_TOKEN,
  authFailureGuard:
    redis &&
    createFailedAttemptGuard(redis, { name: "gateway.auth-failures", ...env.GATEWAY_RATE_LIMIT_AUTH_FAILURES }),
  oauthIssuer: env.OAUTH_ISSUER,
  trustedProxyHops: env.TRUSTED_PROXY_HOPS,
  remotePolicy: {
    allowInsecureHttp: env.SWITCHBOARD_ALLOW_INSECURE_HTTP,
    allowedDestinations: env.SWITCHBOARD_ALLOWED_DESTINATIONS,
  },
});

const requests = trackRequests(gateway.server);
gateway.server.listen(env.GATEWAY_PORT, env.GATEWAY_HOST, () =>
  logger.info({ port: env.GATEWAY_PORT }, "gateway listening"),
);

const SHUTDOWN_DEADLINE_MS = 15_000;
/** How long calls in flight (up to GATEWAY_CALL_TIMEOUT_MS) get to finish; the rest of the 15 s is for the usage records. */
const DRAIN_DEADLINE_MS = 10_000;

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    logger.info({ signal }, "shutting down: writing buffered usage records");
    setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    // Every request gets an answer before the sessions close, so a proxy resending unanswered
    // requests runs none twice: calls in flight may finish, requests arriving meanwhile get 503
    // without running, and a call still running at the deadline gets 503 saying it may have run
    // (or its event stream ends). Then close() ends sessions and writes the buffered usage records
    // (retrying while the database is briefly away) before the process exits.
    void requests
      .drain(DRAIN_DEADLINE_MS)
      .then(() => gateway.close())
      .then(() => Promise.all([prisma.$disconnect(), redis?.quit()]))
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
  });
}
