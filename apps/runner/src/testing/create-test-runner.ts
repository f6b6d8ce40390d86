import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import type { PrismaClient } from "@switchboard/db";
import type { SecretBox } from "@switchboard/db/crypto";
import { createGuardedFetch, createGuardedStreamingFetch } from "@switchboard/oauth";
import { Redis } from "ioredis";
import pino from "pino";
import { createRunner } from "../create-runner.ts";
import { TEST_RUNNER_ID } from "./test-runner-id.ts";
import { checkDependencies } from "../http/check-dependencies.ts";
import type { DependencyReport } from "../http/check-dependencies.ts";
import { createDependencyChecks } from "../http/dependency-checks.ts";
import type { Runner, RunnerDeps } from "../create-runner.ts";
import { createTestRuntime } from "../runtime/testing/create-test-runtime.ts";
import type { TestRuntime, TestRuntimeOptions } from "../runtime/testing/create-test-runtime.ts";
import type { TestImages } from "../runtime/testing/build-test-image.ts";

/** A Redis database of its own, so tests never meet a developer's runner on database 0; override to run beside other suites. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/9";
export { TEST_RUNNER_ID };

export interface TestRunner extends Runner {
  t: TestRuntime;
  /** Every line the runner logged (JSON), to assert ordering and that no secret leaks. */
  logOutput: string[];
  /** What the runner's /health would answer now. */
  health(): Promise<DependencyReport>;
  /** Resolves once the runner logs this connector reaching `status`. */
  waitForStatus(connectorId: string, status: string): Promise<void>;
  /** Closes runner and connections; `abruptly` skips waiting for in-flight jobs, like a killed process. */
  shutDown(options?: { abruptly?: boolean }): Promise<void>;
}

/** A complete runner (real Docker runtime, BullMQ workers, stall detection within seconds) as main.ts builds it. */
export async function createTestRunner(
  prisma: PrismaClient,
  secretBox: SecretBox,
  overrides: Pick<RunnerDeps, "refreshPolicy" | "refreshBackoff"> & {
    oauthHosts?: string[];
    /** Hosts (127.0.0.1:port) the test's MCP bundles are served from. */
    bundleHosts?: string[];
    /** Runtime images: there is no registry here, so bundle tests name a locally built one. */
    launchOptions?: (images: TestImages) => RunnerDeps["launchOptions"];
    /** Tests that run beside the lifecycle tests use their own Redis (database or server) and container owner. */
    redisUrl?: string;
    runnerId?: string;
    advertisedUrl?: string;
    runtime?: TestRuntimeOptions;
  } = {},
): Promise<TestRunner> {
  const t = await createTestRuntime(overrides.runtime);
  const logOutput: string[] = [];
  const waiters = new Set<(line: Record<string, unknown>) => void>();
  const logger = pino(
    { level: "debug", base: { instance: randomUUID().slice(0, 8) } },
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        const text = chunk.toString();
        logOutput.push(text);
        const line = JSON.parse(text) as Record<string, unknown>;
        for (const waiter of waiters) waiter(line);
        callback();
      },
    }),
  );
  const options = { maxRetriesPerRequest: null };
  const workerConnection = new Redis(overrides.redisUrl ?? TEST_REDIS_URL, options);
  const producerConnection = new Redis(overrides.redisUrl ?? TEST_REDIS_URL, options);
  const runner = await createRunner({
    prisma,
    runtime: t.runtime,
    secretBox,
    logger,
    runnerId: overrides.runnerId ?? TEST_RUNNER_ID,
    launchOptions: overrides.launchOptions?.(t.images) ?? {},
    checkRemote: false,
    workerConnection,
    producerConnection,
    concurrency: 4,
    workerOptions: { lockDuration: 2_000, stalledInterval: 1_000 },
    // Tests run reconcile passes themselves.
    reconcileEveryMs: 60 * 60_000,
    // A runner that is shut down counts as gone after a second.
    presenceTiming: { everyMs: 200, ttlMs: 1_000 },
    // Test providers listen on loopback over plain http.
    oauthFetch: createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: overrides.oauthHosts ?? [] }),
    remoteFetch: createGuardedStreamingFetch({
      allowInsecureHttp: true,
      allowedDestinations: overrides.oauthHosts ?? [],
    }),
    bundleFetch: createGuardedFetch({
      allowInsecureHttp: true,
      allowedDestinations: overrides.bundleHosts ?? [],
      maxResponseBytes: 16 * 1024 * 1024,
      streamBody: true,
    }),
    refreshPolicy: overrides.refreshPolicy,
    refreshBackoff: overrides.refreshBackoff,
    advertisedUrl: overrides.advertisedUrl,
  });
  const dependencyChecks = createDependencyChecks({ prisma, redis: producerConnection, docker: t.docker });
  return {
    ...runner,
    t,
    logOutput,
    health: () => checkDependencies(dependencyChecks),
    waitForStatus: (connectorId, status) =>
      new Promise((resolve) => {
        const waiter = (line: Record<string, unknown>) => {
          if (line.connectorId !== connectorId || line.status !== status) return;
          waiters.delete(waiter);
          resolve();
        };
        waiters.add(waiter);
      }),
    async shutDown({ abruptly = false } = {}) {
      await runner.close({ force: abruptly });
      workerConnection.disconnect();
      producerConnection.disconnect();
    },
  };
}
