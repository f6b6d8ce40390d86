import { createPrismaClient } from "@switchboard/db";
import { parseEncryptionKeys, SecretBox } from "@switchboard/db/crypto";
import { Redis } from "ioredis";
import pino from "pino";
import { createGateway } from "./create-gateway.ts";
import { readGatewayEnv } from "./env.ts";

const env = readGatewayEnv();
const logger = pino({ name: "gateway", level: env.LOG_LEVEL });
const prisma = createPrismaClient(env.DATABASE_URL);
const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 }) : undefined;
redis?.on("error", (error) => logger.warn({ err: error }, "redis (runner addresses) unavailable; using RUNNER_URL"));
const gateway = createGateway({
  prisma,
  databaseUrl: env.DATABASE_URL,
  secretBox: new SecretBox(parseEncryptionKeys(env.SWITCHBOARD_ENCRYPTION_KEYS)),
  logger,
  publicUrl: env.GATEWAY_PUBLIC_URL,
  runnerUrl: env.RUNNER_URL,
  redis,
  runnerInternalToken: env.RUNNER_INTERNAL_TOKEN,
  callTimeoutMs: env.GATEWAY_CALL_TIMEOUT_MS,
  maxSessionsPerToken: env.GATEWAY_MAX_SESSIONS_PER_TOKEN,
  allowedOrigins: env.GATEWAY_ALLOWED_ORIGINS,
  metricsToken: env.METRICS_TOKEN,
  remotePolicy: {
    allowInsecureHttp: env.SWITCHBOARD_ALLOW_INSECURE_HTTP,
    allowedDestinations: env.SWITCHBOARD_ALLOWED_DESTINATIONS,
  },
});

gateway.server.listen(env.GATEWAY_PORT, env.GATEWAY_HOST, () =>
  logger.info({ port: env.GATEWAY_PORT }, "gateway listening"),
);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    logger.info({ signal }, "shutting down");
    void gateway
      .close()
      .then(() => Promise.all([prisma.$disconnect(), redis?.quit()]))
      .finally(() => process.exit(0));
  });
}
