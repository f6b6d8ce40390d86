import { once } from "node:events";
import { createPrismaClient } from "@switchboard/db";
import { SecretBox } from "@switchboard/db/crypto";
import { readEnvOrExit } from "@switchboard/db/env";
import { createLogger } from "@switchboard/observability";
import { createGuardedFetch, createGuardedStreamingFetch } from "@switchboard/oauth";
import Docker from "dockerode";
import { Redis } from "ioredis";
import { BUNDLE_FETCH_POLICY } from "./bundles/prepare-bundle-image.ts";
import { createRunner } from "./create-runner.ts";
import { readEnv } from "./env.ts";
import { createHttpServer } from "./http/create-http-server.ts";
import { createRunnerMetrics } from "./metrics/create-runner-metrics.ts";
import { createDependencyChecks } from "./http/dependency-checks.ts";
import { createBridgeHttpHandler } from "@switchboard/mcp-bridge";
import { createDockerRuntime } from "./runtime/docker-runtime.ts";

const env = readEnvOrExit(() => readEnv());
const logger = createLogger({ name: "runner", level: env.logLevel });
const prisma = createPrismaClient(env.databaseUrl);
const redisOptions = { maxRetriesPerRequest: null };
const workerConnection = new Redis(env.redisUrl, redisOptions);
const producerConnection = new Redis(env.redisUrl, redisOptions);
const docker = new Docker();
const runtime = await createDockerRuntime({
  docker,
  logger,
  specHashKey: env.specHashKey,
  secretsDir: env.secretsDir,
  firewall: { dnsServers: env.dnsServers, allowedCidrs: env.allowedCidrs },
  pullLimits: env.pullLimits,
});
const runner = await createRunner({
  prisma,
  runtime,
  secretBox: new SecretBox(env.encryptionKeys),
  logger,
  runnerId: env.runnerId,
  launchOptions: { images: env.images, bundleBinaryImage: env.bundleBinaryImage, resources: env.resources },
  checkRemote: env.checkRemote,
  workerConnection,
  producerConnection,
  concurrency: env.concurrency,
  oauthFetch: createGuardedFetch(env.oauth),
  remoteFetch: createGuardedStreamingFetch(env.oauth),
  bundleFetch: createGuardedFetch({ ...env.oauth, ...BUNDLE_FETCH_POLICY, maxResponseBytes: env.bundleMaxBytes }),
  refreshPolicy: env.refreshPolicy,
  advertisedUrl: env.advertisedUrl,
});
const bridgeHandler = createBridgeHttpHandler({
  internalToken: env.internalToken,
  resolveBridge: (connectorId) => runner.ctx.bridges.get(connectorId),
  resolveHttpTarget: (connectorId) => runner.ctx.bridges.getHttpTarget(connectorId),
});
const server = createHttpServer({
  runtime,
  bridgeHandler,
  internalToken: env.internalToken,
  logger,
  dependencies: createDependencyChecks({ prisma, redis: producerConnection, docker }),
  metrics: createRunnerMetrics({ runnerId: env.runnerId, runtime, workers: runner.workers, producer: runner.producer }),
  metricsToken: env.metricsToken,
});
// Only now, after the start-up reconcile re-attached the bridges of running servers: until then
// /health does not answer and the gateway has no bridge to reach.
server.listen(env.http.port, env.http.host);
await once(server, "listening");
logger.info({ runnerId: env.runnerId, port: env.http.port }, "runner started");

let shuttingDown = false;
async function shutDown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, "shutting down: finishing in-flight jobs");
  // Containers keep running: the next runner process adopts them.
  await runner.close();
  await bridgeHandler.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await prisma.$disconnect();
  await Promise.all([workerConnection.quit(), producerConnection.quit()]);
  logger.info("runner stopped");
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    shutDown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
