import net from "node:net";
import type { AddressInfo } from "node:net";
import type { CatalogEntryInput } from "@switchboard/catalog";
import { refreshCredential } from "@switchboard/credential-refresh";
import { seedOAuthCredential } from "@switchboard/credential-refresh/testing";
import { readOAuthCredentialById } from "@switchboard/db/credentials";
import { createTestPrisma, createTestSecretBox, resetDatabase, seedUser } from "@switchboard/db/testing";
import { createGuardedFetch } from "@switchboard/oauth";
import { startTestProvider, type TestProvider } from "@switchboard/oauth/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRunner, type TestRunner } from "../testing/create-test-runner.ts";
import { deliverStaleCredentials } from "./deliver-stale-credentials.ts";
import { refreshJobId } from "./schedule-credential-refresh.ts";
import { scheduleMissingRefreshes } from "./schedule-missing-refreshes.ts";

// Its own Redis database and container owner, so it can run beside the lifecycle tests.
const REDIS_URL = "redis://127.0.0.1:6379/12";
const RUNNER_ID = "refresh-test-runner";
const TOKEN_FILE = "/run/secrets/acme/token.json";
const READ_TOKEN_FILE = `process.stdout.write(require("node:fs").readFileSync(${JSON.stringify(TOKEN_FILE)}, "utf8"))`;

// Only the delivery matters here: the credential carries the test provider's token endpoint.
const ACME_OAUTH = {
  kind: "oauth2_generic",
  providerId: "acme",
  authorizationUrl: "https://auth.acme.example/authorize",
  tokenUrl: "https://auth.acme.example/token",
} as const;

const prisma = createTestPrisma();
const secretBox = createTestSecretBox();
let provider: TestProvider;
let runner: TestRunner;
let seed: { catalogEntryId: string; ownerUserId: string };
let envEntryId: string;
const created: string[] = [];

beforeAll(async () => {
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
  await resetDatabase(prisma);
  // Long enough that a container start on a busy machine ends before the first refresh is due.
  provider = await startTestProvider({ accessTokenTtl: 15 });
  runner = await createTestRunner(prisma, secretBox, {
    redisUrl: REDIS_URL,
    runnerId: RUNNER_ID,
    // The provider and the proxy in front of it, on two loopback ports.
    oauthHosts: ["127.0.0.1"],
    refreshBackoff: { baseMs: 300, capMs: 1_000 },
  });
  const entry: CatalogEntryInput = {
    schemaVersion: 1,
    id: "acme-files",
    source: "custom",
    name: "Acme (token in a file)",
    server: { type: "local", runtime: "image", image: runner.t.images.everything },
    auth: {
      ...ACME_OAUTH,
      delivery: [{ kind: "file", files: { [TOKEN_FILE]: '{"access_token":"${access_token}"}' } }],
    },
  };
  const envEntry: CatalogEntryInput = {
    ...entry,
    id: "acme-env",
    name: "Acme (token in an env var)",
    auth: { ...ACME_OAUTH, delivery: [{ kind: "env", accessTokenEnvVar: "ACME_TOKEN" }] },
  };
  const [fileEntryId, envId] = await Promise.all(
    [entry, envEntry].map(async (input) => {
      const data = { slug: input.id, source: "CUSTOM" as const, name: input.name, authKind: "oauth2_generic" };
      return (await prisma.catalogEntry.create({ data: { ...data, location: "local", tags: [], entry: input } })).id;
    }),
  );
  envEntryId = envId ?? "";
  seed = { catalogEntryId: fileEntryId ?? "", ownerUserId: (await seedUser(prisma)).id };
}, 180_000);

afterAll(async () => {
  await runner.shutDown();
  for (const id of created) await runner.t.runtime.remove(id);
  await provider.close();
  await prisma.$disconnect();
});

async function readTokenFile(connectorId: string): Promise<string> {
  const result = await runner.t.runtime.exec(connectorId, ["node", "-e", READ_TOKEN_FILE]);
  return (JSON.parse(result.stdout) as { access_token: string }).access_token;
}

async function startAndWaitUntilRunning(connectorId: string) {
  created.push(connectorId);
  await runner.producer.enqueue("installation.start", { connectorId }, { jobId: `start-${connectorId}` });
  await expect
    .poll(async () => (await prisma.connector.findUnique({ where: { id: connectorId } }))?.status, {
      timeout: 60_000,
    })
    .toBe("RUNNING");
}

async function pollCredential(
  id: string,
  matches: (row: { version: number; status: string; failureCount: number }) => boolean,
) {
  await expect
    .poll(async () => matches(await prisma.oAuthCredential.findUniqueOrThrow({ where: { id } })), {
      timeout: 30_000,
      interval: 100,
    })
    .toBe(true);
}

/** A TCP forwarder in front of the provider that a test can take down and bring back on the same port. */
async function startProviderProxy(target: string) {
  const [host = "", port = ""] = target.split(":");
  const sockets = new Set<net.Socket>();
  let server = net.createServer();
  const listen = async (onPort: number) => {
    server = net.createServer((socket) => {
      const upstream = net.connect(Number(port), host);
      for (const end of [socket, upstream]) {
        sockets.add(end);
        end.on("error", () => end.destroy());
        end.on("close", () => sockets.delete(end));
      }
      socket.pipe(upstream).pipe(socket);
    });
    await new Promise<void>((resolve) => server.listen(onPort, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  };
  const proxyPort = await listen(0);
  return {
    tokenEndpoint: `http://127.0.0.1:${proxyPort}/token`,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
    start: () => listen(proxyPort),
  };
}

describe("the credential.refresh worker", () => {
  it("refreshes when due and rewrites the token file inside the running container without a restart", async () => {
    const { connectorId, credentialId, tokens } = await seedOAuthCredential(prisma, secretBox, provider, seed);
    await startAndWaitUntilRunning(connectorId);
    expect(await readTokenFile(connectorId)).toBe(tokens.accessToken);
    const before = await runner.t.runtime.inspectStatus(connectorId);

    // The start scheduled the first refresh; a lost job (Redis emptied, say) is added back by reconcile.
    const queue = runner.producer.queue("credentials");
    expect(await queue.getJobState(refreshJobId(credentialId, 0))).toBe("delayed");
    expect(await scheduleMissingRefreshes(runner.ctx)).toBe(0);
    await (await queue.getJob(refreshJobId(credentialId, 0)))?.remove();
    expect(await scheduleMissingRefreshes(runner.ctx)).toBe(1);
    expect(await queue.getJobState(refreshJobId(credentialId, 0))).toBe("delayed");

    // Due 20% of the 15 s lifetime before expiry: the job fires on its own.
    await pollCredential(credentialId, (row) => row.version === 1);
    const refreshed = await readOAuthCredentialById(prisma, secretBox, credentialId);
    await expect.poll(() => readTokenFile(connectorId), { timeout: 5_000 }).toBe(refreshed?.accessToken);
    const after = await runner.t.runtime.inspectStatus(connectorId);
    expect(after).toMatchObject({ containerId: before?.containerId, startedAt: before?.startedAt, state: "running" });
    expect(await queue.getJobState(refreshJobId(credentialId, 1))).toBe("delayed");

    // Refreshed where this runner does not see it (the gateway after a 401): the reconcile tick delivers it.
    const fetch = createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] });
    const { credential: byGateway } = await refreshCredential(prisma, secretBox, credentialId, {
      fetch,
      rejectedAccessToken: refreshed?.accessToken,
    });
    expect(byGateway.version).toBe(2);
    expect(await deliverStaleCredentials(runner.ctx)).toBe(1);
    expect(await readTokenFile(connectorId)).toBe(byGateway.accessToken);
    expect(await deliverStaleCredentials(runner.ctx)).toBe(0);
    expect(await runner.t.runtime.inspectStatus(connectorId)).toMatchObject({ startedAt: before?.startedAt });
    for (const token of [tokens.accessToken, refreshed?.accessToken ?? "", byGateway.accessToken]) {
      expect(runner.logOutput.join("")).not.toContain(token);
    }
  }, 90_000);

  it("restarts a server that takes its token from an env var with the new token", async () => {
    const { connectorId, credentialId } = await seedOAuthCredential(prisma, secretBox, provider, {
      ...seed,
      catalogEntryId: envEntryId,
    });
    await startAndWaitUntilRunning(connectorId);
    const before = await runner.t.runtime.inspectStatus(connectorId);

    // The test above waits for a refresh to fall due; here it is made due and its job run at once.
    await prisma.oAuthCredential.update({ where: { id: credentialId }, data: { issuedAt: new Date(Date.now() - 60_000) } }); // prettier-ignore
    await (await runner.producer.queue("credentials").getJob(refreshJobId(credentialId, 0)))?.promote();
    await pollCredential(credentialId, (row) => row.version === 1);
    const refreshed = await readOAuthCredentialById(prisma, secretBox, credentialId);
    const readEnv = async () =>
      (await runner.t.runtime.exec(connectorId, ["node", "-e", "process.stdout.write(process.env.ACME_TOKEN)"])).stdout;
    await expect.poll(readEnv, { timeout: 30_000 }).toBe(refreshed?.accessToken);
    const after = await runner.t.runtime.inspectStatus(connectorId);
    expect(after?.containerId).not.toBe(before?.containerId);
    await expect
      .poll(async () => (await prisma.connector.findUnique({ where: { id: connectorId } }))?.status)
      .toBe("RUNNING");
  }, 90_000);

  it("refreshes a token its provider gave no expiry (Salesforce) on the assumed hourly cadence", async () => {
    const { connectorId, credentialId } = await seedOAuthCredential(prisma, secretBox, provider, seed);
    const queue = runner.producer.queue("credentials");
    // Stored as a token response without expires_in is: a refresh token, no expiry.
    await prisma.oAuthCredential.update({ where: { id: credentialId }, data: { expiresAt: null } });
    expect(await scheduleMissingRefreshes(runner.ctx, connectorId)).toBe(1);
    const job = await queue.getJob(refreshJobId(credentialId, 0));
    expect(job?.opts.delay).toBeGreaterThan(54 * 60_000);
    expect(job?.opts.delay).toBeLessThanOrEqual(55 * 60_000);

    // An hour later by its issue time: due, refreshed, and the next version scheduled.
    await job?.remove();
    await prisma.oAuthCredential.update({
      where: { id: credentialId },
      data: { issuedAt: new Date(Date.now() - 56 * 60_000) },
    });
    expect(await scheduleMissingRefreshes(runner.ctx, connectorId)).toBe(1);
    await pollCredential(credentialId, (row) => row.version === 1 && row.status === "ACTIVE");
    expect(await queue.getJobState(refreshJobId(credentialId, 1))).toBe("delayed");
  }, 30_000);

  it("retries with backoff while the provider is unreachable and recovers without losing the token", async () => {
    const proxy = await startProviderProxy(provider.host);
    const { credentialId } = await seedOAuthCredential(prisma, secretBox, provider, {
      ...seed,
      tokenEndpoint: proxy.tokenEndpoint,
    });
    // Due now: issued long ago as far as the margin is concerned, still valid at the provider.
    await prisma.oAuthCredential.update({
      where: { id: credentialId },
      data: { issuedAt: new Date(Date.now() - 60_000) },
    });
    const before = await readOAuthCredentialById(prisma, secretBox, credentialId);
    await proxy.stop();

    await scheduleMissingRefreshes(runner.ctx);
    await pollCredential(credentialId, (row) => row.status === "FAILING" && row.failureCount >= 2);
    const failing = await prisma.oAuthCredential.findUniqueOrThrow({ where: { id: credentialId } });
    expect(failing.lastError).toMatch(/Could not reach 127\.0\.0\.1/);
    expect(failing.version).toBe(before?.version);

    await proxy.start();
    await pollCredential(credentialId, (row) => row.status === "ACTIVE" && row.version === (before?.version ?? 0) + 1);
    const recovered = await readOAuthCredentialById(prisma, secretBox, credentialId);
    expect(recovered).toMatchObject({ status: "ACTIVE" });
    expect(recovered?.refreshToken).not.toBe(before?.refreshToken);
    // The stored rotated refresh token is the live one: the grant works.
    const fetch = createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] });
    const again = await refreshCredential(prisma, secretBox, credentialId, {
      fetch,
      rejectedAccessToken: recovered?.accessToken,
    });
    expect(again).toMatchObject({ refreshed: true, credential: { version: (recovered?.version ?? 0) + 1 } });
    await proxy.stop();
  }, 60_000);
});
