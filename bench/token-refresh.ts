/**
 * Background token refresh at scale: 10,000 OAuth credentials become due at the same moment and
 * are refreshed by R runners (real BullMQ workers, real refreshCredential with its row lock)
 * against a local token endpoint stub that rotates refresh tokens. Meanwhile a "gateway" refreshes
 * 500 of them after a simulated 401, racing the workers. Measures throughput per runner and
 * scheduling lag (refresh start minus due time) p50/p99, and fails on any double refresh (a
 * refresh token presented twice). Needs Postgres (recreates switchboard_bench_refresh) and Redis
 * (database 13):
 *   npm run bench:refresh [-- <credentials> <runners>]
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { refreshCredential } from "@switchboard/credential-refresh";
import { createPrismaClient, type PrismaClient } from "@switchboard/db";
import { saveProviderClient } from "@switchboard/db/credentials";
import {
  createTestSecretBox,
  recreateDatabase,
  seedCatalogEntry,
  seedUser,
  siblingDatabaseUrl,
  testDatabaseUrl,
} from "@switchboard/db/testing";
import { createGuardedFetch, createGuardedStreamingFetch } from "@switchboard/oauth";
import { Redis } from "ioredis";
import pino from "pino";
import { createRunner, type Runner } from "@switchboard/runner/testing";
import { scheduleMissingRefreshes } from "@switchboard/runner/testing";
import type { ContainerRuntime } from "@switchboard/runner/testing";
import { round, summarize } from "./support/stats.ts";

const CREDENTIALS = Number(process.argv[2] ?? 10_000);
const RUNNERS = Number(process.argv[3] ?? 2);
const GATEWAY_REFRESHES = 500;
// Baseline: the same refreshCredential called straight from a loop, with as many lanes as the
// runners' credentials workers have in all: what the queueing and scheduling around it cost.
const BASELINE_CREDENTIALS = 2_000;
const WORKER_LANES_PER_RUNNER = 16;
// A second, smaller phase with due times spread below capacity: lag there is scheduling precision.
const STEADY_CREDENTIALS = 1_000;
const STEADY_SPREAD_MS = 20_000;
const REDIS_URL = "redis://127.0.0.1:6379/13";
const DUE_IN_MS = 10_000;
const TIMEOUT_MS = 5 * 60_000;
const CLIENT = { clientId: "bench-client", clientSecret: randomBytes(24).toString("base64url") };

/** A token endpoint that rotates refresh tokens and counts every refresh token presented twice. */
async function startTokenStub() {
  const live = new Set<string>();
  const used = new Set<string>();
  const counts = { refreshes: 0, doubleRefreshes: 0, unknown: 0 };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const form = new URLSearchParams(body);
      const token = form.get("refresh_token") ?? "";
      const reply = (status: number, json: object) => {
        res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(JSON.stringify(json));
      };
      if (form.get("client_id") !== CLIENT.clientId || form.get("client_secret") !== CLIENT.clientSecret) {
        reply(401, { error: "invalid_client" });
      } else if (used.has(token)) {
        counts.doubleRefreshes++;
        reply(400, { error: "invalid_grant" });
      } else if (!live.delete(token)) {
        counts.unknown++;
        reply(400, { error: "invalid_grant" });
      } else {
        used.add(token);
        counts.refreshes++;
        const refreshToken = `rt-${randomUUID()}`;
        live.add(refreshToken);
        reply(200, {
          access_token: `at-${randomUUID()}`,
          token_type: "Bearer",
          expires_in: 3600,
          refresh_token: refreshToken,
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, live, counts, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** The runners here own no containers: delivery finds none and returns. */
const noContainers: ContainerRuntime = {
  ensureImage: () => Promise.reject(new Error("no containers in this benchmark")),
  ensureBuiltImage: () => Promise.reject(new Error("no containers in this benchmark")),
  ensureStarted: () => Promise.reject(new Error("no containers in this benchmark")),
  stop: () => Promise.resolve(),
  remove: () => Promise.resolve(),
  inspectStatus: () => Promise.resolve(null),
  listManaged: () => Promise.resolve([]),
  attachStdio: () => Promise.reject(new Error("no containers in this benchmark")),
  exec: () => Promise.reject(new Error("no containers in this benchmark")),
  rewriteCredentialFile: () => Promise.reject(new Error("no containers in this benchmark")),
  redactLogs: () => undefined,
  readLogs: () => [],
  subscribeLogs: () => () => undefined,
  watchExits: () => () => undefined,
};

const databaseUrl = await recreateDatabase(siblingDatabaseUrl(testDatabaseUrl, "switchboard_bench_refresh"));
const secretBox = createTestSecretBox();
const admin = createPrismaClient(databaseUrl, { maxConnections: 10 });
const stub = await startTokenStub();
const fetch = createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] });

const ownerUserId = (await seedUser(admin)).id;
const catalogEntryId = (await seedCatalogEntry(admin)).id;
const providerClient = await saveProviderClient(
  admin,
  secretBox,
  { providerKey: "bench" },
  {
    clientId: CLIENT.clientId,
    issuer: stub.origin,
    tokenEndpointAuthMethod: "client_secret_post",
    authorizationParams: {},
    allowedScopes: [],
  },
  CLIENT.clientSecret,
);
const staleAccessTokens = new Map<string, string>();

/** Credentials that never expire (so nothing schedules them) until a phase sets their expiry. */
async function seedCredentials(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => ({ connectorId: randomUUID(), credentialId: randomUUID() }));
  for (let start = 0; start < ids.length; start += 1_000) {
    const batch = ids.slice(start, start + 1_000);
    await admin.connector.createMany({
      data: batch.map(({ connectorId }) => ({
        id: connectorId,
        catalogEntryId,
        scope: "PERSONAL" as const,
        ownerUserId,
        name: "bench",
        status: "RUNNING" as const,
      })),
    });
    await admin.oAuthCredential.createMany({
      data: batch.map(({ connectorId, credentialId }) => {
        const accessToken = `at-${randomUUID()}`;
        const refreshToken = `rt-${randomUUID()}`;
        staleAccessTokens.set(credentialId, accessToken);
        stub.live.add(refreshToken);
        const location = (column: string) => ({ table: "OAuthCredential", column, rowId: credentialId });
        return {
          id: credentialId,
          connectorId,
          issuer: stub.origin,
          tokenEndpoint: `${stub.origin}/token`,
          providerClientId: providerClient.id,
          accessTokenCiphertext: secretBox.seal(accessToken, location("accessTokenCiphertext")),
          refreshTokenCiphertext: secretBox.seal(refreshToken, location("refreshTokenCiphertext")),
          tokenType: "bearer",
        };
      }),
    });
  }
  return ids.map(({ credentialId }) => credentialId);
}

console.log(`seeding ${CREDENTIALS} + ${STEADY_CREDENTIALS} credentials…`);
const burstIds = await seedCredentials(CREDENTIALS);
const steadyIds = await seedCredentials(STEADY_CREDENTIALS);
const baselineIds = await seedCredentials(BASELINE_CREDENTIALS);

const redis = new Redis(REDIS_URL);
await redis.flushdb();
const runnerPrismas: PrismaClient[] = [];
const connections: Redis[] = [redis];
const refreshedBy: number[] = [];
const runners: Runner[] = [];
for (let index = 0; index < RUNNERS; index++) {
  const prisma = createPrismaClient(databaseUrl, { maxConnections: 20 });
  const workerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const producerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  runnerPrismas.push(prisma);
  connections.push(workerConnection, producerConnection);
  const runner = await createRunner({
    prisma,
    runtime: noContainers,
    secretBox,
    logger: pino({ level: "error" }),
    runnerId: `bench-refresh-${index}`,
    launchOptions: {},
    checkRemote: false,
    workerConnection,
    producerConnection,
    concurrency: 4,
    reconcileEveryMs: 60 * 60_000,
    oauthFetch: fetch,
    remoteFetch: createGuardedStreamingFetch({ allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] }),
  });
  refreshedBy.push(0);
  const credentialsWorker = runner.workers.find((worker) => worker.name === "credentials");
  credentialsWorker?.on("completed", (_job, result: unknown) => {
    if (typeof result === "string" && result.startsWith("refreshed"))
      refreshedBy[index] = (refreshedBy[index] ?? 0) + 1;
  });
  runners.push(runner);
}

const scheduler = runners[0]?.ctx;
if (!scheduler) throw new Error("no runner");
const MARGIN_MS = 5 * 60_000;

/**
 * Makes `ids` due between `dueFrom` and `dueFrom + spreadMs` (expiry one default margin later),
 * lets the reconcile pass schedule them, and waits until each was refreshed once. Lag = refresh
 * start (lastRefreshedAt) minus due time.
 */
const runPhase = async (ids: string[], spreadMs: number, during: () => Promise<unknown> = () => Promise.resolve()) => {
  const dueFrom = Date.now() + DUE_IN_MS;
  await admin.$executeRaw`
    UPDATE "OAuthCredential"
    SET "expiresAt" = to_timestamp((${dueFrom + MARGIN_MS}::float8 + random() * ${spreadMs}::float8) / 1000)
    WHERE id = ANY(${ids}::uuid[])`;
  await admin.$executeRaw`
    UPDATE "OAuthCredential" SET "issuedAt" = "expiresAt" - interval '65 minutes' WHERE id = ANY(${ids}::uuid[])`;
  const due = new Map(
    (await admin.oAuthCredential.findMany({ where: { id: { in: ids } }, select: { id: true, expiresAt: true } })).map(
      (row) => [row.id, (row.expiresAt?.getTime() ?? 0) - MARGIN_MS],
    ),
  );
  const versions = new Map(
    (await admin.oAuthCredential.findMany({ where: { id: { in: ids } }, select: { id: true, version: true } })).map(
      (row) => [row.id, row.version],
    ),
  );
  const schedulingStarted = performance.now();
  const scheduled = await scheduleMissingRefreshes(scheduler);
  const schedulingMs = performance.now() - schedulingStarted;
  console.log(
    `scheduled ${scheduled} jobs in ${Math.round(schedulingMs)} ms, due from ${new Date(dueFrom).toISOString()}`,
  );
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueFrom - Date.now())));
  const concurrent = during();
  const deadline = Date.now() + TIMEOUT_MS + spreadMs;
  let refreshed = 0;
  let rows: { id: string; version: number; lastRefreshedAt: Date | null }[] = [];
  while (refreshed < ids.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    rows = await admin.oAuthCredential.findMany({
      where: { id: { in: ids } },
      select: { id: true, version: true, lastRefreshedAt: true },
    });
    refreshed = rows.filter((row) => row.version > (versions.get(row.id) ?? 0)).length;
  }
  await concurrent;
  const lags = rows.map((row) => (row.lastRefreshedAt?.getTime() ?? Number.NaN) - (due.get(row.id) ?? 0));
  const drainMs = Math.max(...rows.map((row) => row.lastRefreshedAt?.getTime() ?? Number.NaN)) - dueFrom;
  return {
    credentials: ids.length,
    refreshed,
    dueSpreadMs: spreadMs,
    schedulingMs: Math.round(schedulingMs),
    lastRefreshAfterFirstDueMs: drainMs,
    throughputPerSecond: round((refreshed / drainMs) * 1000, 1),
    throughputPerRunnerPerSecond: round((refreshed / drainMs / RUNNERS) * 1000, 1),
    schedulingLagMs: summarize(lags),
  };
};

const gateway = createPrismaClient(databaseUrl, { maxConnections: 10 });
let refreshedByGateway = 0;
// The gateway saw a 401 with the token it had: it refreshes unless a worker already did.
const refreshFromGateway = () =>
  Promise.all(
    burstIds.slice(0, GATEWAY_REFRESHES).map(async (credentialId) => {
      const rejectedAccessToken = staleAccessTokens.get(credentialId);
      const outcome = await refreshCredential(gateway, secretBox, credentialId, { fetch, rejectedAccessToken });
      if (outcome.refreshed) refreshedByGateway++;
    }),
  );

/** refreshCredential over `ids`, made due first, from RUNNERS × WORKER_LANES_PER_RUNNER lanes, no queue. */
async function refreshDirectly(ids: string[]) {
  await admin.$executeRaw`
    UPDATE "OAuthCredential" SET "expiresAt" = now() + interval '1 minute', "issuedAt" = now() - interval '59 minutes'
    WHERE id = ANY(${ids}::uuid[])`;
  const pending = [...ids];
  const prisma = createPrismaClient(databaseUrl, { maxConnections: 20 * RUNNERS });
  const started = performance.now();
  let refreshed = 0;
  await Promise.all(
    Array.from({ length: RUNNERS * WORKER_LANES_PER_RUNNER }, async () => {
      for (let id = pending.pop(); id; id = pending.pop()) {
        const outcome = await refreshCredential(prisma, secretBox, id, { fetch });
        if (outcome.refreshed) refreshed++;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  await prisma.$disconnect();
  return { credentials: ids.length, refreshed, throughputPerSecond: round((refreshed / elapsedMs) * 1000, 1) };
}

console.log(`baseline: ${BASELINE_CREDENTIALS} credentials refreshed directly`);
const baseline = await refreshDirectly(baselineIds);
console.log(`burst: ${CREDENTIALS} credentials due at once`);
const burst = await runPhase(burstIds, 0, refreshFromGateway);
console.log(`steady: ${STEADY_CREDENTIALS} credentials due over ${STEADY_SPREAD_MS / 1000} s`);
const steady = await runPhase(steadyIds, STEADY_SPREAD_MS);

for (const runner of runners) await runner.close();
await redis.flushdb();
for (const connection of connections) connection.disconnect();
await Promise.all([admin, gateway, ...runnerPrismas].map((client) => client.$disconnect()));
await stub.close();

const result = {
  measuredAt: new Date().toISOString(),
  runners: RUNNERS,
  credentialsWorkerConcurrencyPerRunner: WORKER_LANES_PER_RUNNER,
  providerRefreshes: stub.counts.refreshes,
  doubleRefreshes: stub.counts.doubleRefreshes,
  unknownRefreshTokens: stub.counts.unknown,
  refreshedByRunner: refreshedBy,
  refreshedByGateway,
  baseline,
  burst,
  steady,
  burstThroughputRatio: round(burst.throughputPerSecond / baseline.throughputPerSecond),
};
console.log(JSON.stringify(result, null, 2));
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(new URL("./results/token-refresh.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
const expected = CREDENTIALS + STEADY_CREDENTIALS + BASELINE_CREDENTIALS;
if (stub.counts.doubleRefreshes > 0 || stub.counts.unknown > 0 || stub.counts.refreshes !== expected) {
  console.error("FAILED: every credential must be refreshed exactly once");
  process.exit(1);
}
