import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { createTestPrisma, createTestSecretBox, resetDatabase } from "@switchboard/db/testing";
import { createGuardedFetch } from "@switchboard/oauth";
import { UnrecoverableError } from "bullmq";
import Docker from "dockerode";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { prepareBundleImage } from "../bundles/prepare-bundle-image.ts";
import { enqueueConnectorJob, pollStatus } from "../testing/connector-steps.ts";
import { createTestRunner } from "../testing/create-test-runner.ts";
import { seedEverythingFixture } from "../testing/everything-fixture.ts";
import { createDockerRuntime } from "./docker-runtime.ts";
import type { PullLimits } from "./ensure-image.ts";
import { DEFAULT_MCP_NETWORK } from "./mcp-network.ts";
import { TEST_SECRETS_DIR } from "./testing/create-test-runtime.ts";

// Finding (review, low): a base-image pull had no deadline. A registry or Docker daemon that stops
// sending mid-pull kept the pull, the bundle build-context turn it ran in (two per runner) and the
// connector's start waiting forever. A pull now fails when no progress arrives for its stall timeout
// or when it outlasts its deadline; its request is closed and its turn freed.
//
// The peers: a real HTTP server speaking the part of the Docker Engine API the runtime uses here
// (network inspect, image inspect, image create), as a daemon that stalls; and the real Docker
// engine pulling from an HTTP server on 127.0.0.1 that speaks enough of the registry API (a
// loopback registry needs no TLS) and stops sending in the middle of a layer.
const STALLING = "registry.test/stalls:1";
const TRICKLING = "registry.test/trickles:1";
const SILENT = "registry.test/silent:1";
const event = (status: string) => `${JSON.stringify({ status, id: "1" })}\r\n`;

let server: ReturnType<typeof createServer>;
const registries: ReturnType<typeof createServer>[] = [];
let docker: Docker;
/** Pull requests the daemon received, and when their connection closed. */
const pulls: { image: string; closedAt?: number }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://daemon");
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.method === "GET" && url.pathname === `/networks/${DEFAULT_MCP_NETWORK.name}`)
      return json(200, {
        Name: DEFAULT_MCP_NETWORK.name,
        Driver: "bridge",
        Options: { "com.docker.network.bridge.name": DEFAULT_MCP_NETWORK.bridgeName },
      });
    if (request.method === "GET" && url.pathname.startsWith("/images/"))
      return json(404, { message: `No such image: ${decodeURIComponent(url.pathname.slice(8, -5))}` });
    if (request.method !== "POST" || url.pathname !== "/images/create") return json(500, { message: "unexpected" });
    const pull: (typeof pulls)[number] = { image: `${url.searchParams.get("fromImage")}:${url.searchParams.get("tag")}` }; // prettier-ignore
    pulls.push(pull);
    response.once("close", () => (pull.closedAt = Date.now()));
    // The silent daemon does not even answer the request.
    if (pull.image === SILENT) return;
    response.writeHead(200, { "content-type": "application/json" });
    response.write(event("Pulling fs layer"));
    // The stalling registry sends nothing more and keeps the connection open; the trickling one
    // reports progress every 200 ms and never finishes.
    if (pull.image !== TRICKLING) return;
    const timer = setInterval(() => response.write(event("Downloading")), 200);
    response.once("close", () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  docker = new Docker({ host: "127.0.0.1", port: (server.address() as AddressInfo).port, protocol: "http" });
});

afterAll(async () => {
  for (const peer of [server, ...registries]) {
    // Also ends the layer download the real engine still holds open (see the last test).
    peer?.closeAllConnections();
    await new Promise((resolve) => peer?.close(resolve));
  }
});

function createRuntime(pullLimits: PullLimits, engine = docker) {
  return createDockerRuntime({
    docker: engine,
    logger: pino({ level: "silent" }),
    specHashKey: "image-pulls-test",
    secretsDir: TEST_SECRETS_DIR,
    firewall: "off",
    pullLimits,
  });
}

/** The error a pull (or what waits for it) failed with within `ms`, or "still waiting". */
function failureWithin(work: Promise<unknown>, ms: number): Promise<Error | "still waiting"> {
  const failure = work.then(
    () => new Error("it succeeded"),
    (caught: Error) => caught,
  );
  return Promise.race([failure, sleep(ms, "still waiting" as const)]);
}

it("finding: a base-image pull that stalls fails after its stall timeout with a clear error, closes its request and frees its build turn", async () => {
  const runtime = await createRuntime({ stallTimeoutMs: 1_000, timeoutMs: 60_000 });
  const ctx = {
    runtime,
    logger: pino({ level: "silent" }),
    // Reaches nothing: the bundle is downloaded only once its base image is there.
    bundleFetch: createGuardedFetch({ allowedDestinations: [] }),
  };
  const started = Date.now();
  // Two bundle connectors take both build-context turns; their base image's pull stalls.
  const stalled = ["1", "2"].map((digit) =>
    failureWithin(
      prepareBundleImage(ctx, { url: `https://bundles.test/${digit}.mcpb`, sha256: digit.repeat(64) }, STALLING),
      6_000,
    ),
  );
  // A third waits for a turn.
  let thirdPrepared = false;
  const third = failureWithin(
    runtime.ensureBuiltImage("switchboard-test-pull:third", () => {
      thirdPrepared = true;
      return Promise.reject(new Error("third context prepared"));
    }),
    8_000,
  );

  // Before: all three were still waiting, forever.
  for (const failure of await Promise.all(stalled)) {
    // What the connector's status shows: the image, and why, nothing from the registry's answer.
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe(
      `Image ${STALLING} is not available on this Docker host: Pulling ${STALLING} stalled: no progress for 1 s; it was stopped`,
    );
    // A stalled registry may recover: the start job retries.
    expect(failure).not.toBeInstanceOf(UnrecoverableError);
  }
  expect(Date.now() - started).toBeLessThan(1_000 + 3_000);
  // The pulls' requests were closed...
  expect(pulls.filter((pull) => pull.image === STALLING)).toHaveLength(2);
  await expect.poll(() => pulls.every((pull) => pull.closedAt !== undefined)).toBe(true);
  // ...and the turns were freed: the third connector's context is prepared.
  expect(await third).toEqual(new Error("third context prepared"));
  expect(thirdPrepared).toBe(true);
}, 20_000);

it("finding: a base-image pull that keeps reporting progress but outlasts its deadline is stopped with a clear error", async () => {
  const runtime = await createRuntime({ stallTimeoutMs: 1_000, timeoutMs: 2_000 });
  const started = Date.now();
  const failure = await failureWithin(runtime.ensureImage(TRICKLING), 7_000);
  expect(failure).toBeInstanceOf(Error);
  expect((failure as Error).message).toBe(`Pulling ${TRICKLING} did not finish within 2 s; it was stopped`);
  // Progress every 200 ms kept the stall timeout away; the deadline stopped it.
  expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  expect(Date.now() - started).toBeLessThan(2_000 + 3_000);
  const pull = pulls.find((candidate) => candidate.image === TRICKLING);
  await expect.poll(() => pull?.closedAt).toBeDefined();
}, 20_000);

it("finding: a base-image pull the daemon never answers fails after its stall timeout", async () => {
  const runtime = await createRuntime({ stallTimeoutMs: 1_000, timeoutMs: 60_000 });
  const failure = await failureWithin(runtime.ensureImage(SILENT), 5_000);
  expect(failure).toBeInstanceOf(Error);
  expect((failure as Error).message).toBe(`Pulling ${SILENT} stalled: no progress for 1 s; it was stopped`);
  await expect.poll(() => pulls.find((pull) => pull.image === SILENT)?.closedAt).toBeDefined();
});

/**
 * A registry with one image whose only layer stops arriving after its first kilobyte; `layerRequests`
 * counts the engine's downloads of it and `layerClosed` the ones it hung up. The layer's digest is
 * new each run, so the engine has nothing of it cached and joins no earlier download.
 */
async function startStallingRegistry() {
  const sha256 = (data: Buffer | string) => `sha256:${createHash("sha256").update(data).digest("hex")}`;
  const layer = sha256(randomBytes(16));
  const config = JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [layer] }, config: {} }); // prettier-ignore
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.docker.distribution.manifest.v2+json",
    config: { mediaType: "application/vnd.docker.container.image.v1+json", size: config.length, digest: sha256(config) }, // prettier-ignore
    layers: [{ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: 1_000_000, digest: layer }],
  });
  const counts = { layerRequests: 0, layerClosed: 0 };
  const registry = createServer((request, response) => {
    const url = request.url ?? "";
    if (url === "/v2/") return void response.writeHead(200).end("{}");
    if (url.includes("/manifests/")) {
      response.writeHead(200, { "content-type": "application/vnd.docker.distribution.manifest.v2+json", "docker-content-digest": sha256(manifest), "content-length": manifest.length }); // prettier-ignore
      return void response.end(request.method === "HEAD" ? undefined : manifest);
    }
    if (url.endsWith(sha256(config))) return void response.writeHead(200).end(config);
    if (!url.endsWith(layer)) return void response.writeHead(404).end();
    counts.layerRequests += 1;
    response.once("close", () => (counts.layerClosed += 1));
    response.writeHead(200, { "content-length": 1_000_000 }).write(Buffer.alloc(1024));
  });
  registries.push(registry);
  await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
  return { image: `127.0.0.1:${(registry.address() as AddressInfo).port}/stalls/base:1`, counts };
}

it("finding: a pull by the real Docker engine from a registry that stops sending mid-layer fails after its stall timeout", async () => {
  const { image, counts } = await startStallingRegistry();
  const runtime = await createRuntime({ stallTimeoutMs: 2_000, timeoutMs: 60_000 }, new Docker());
  const started = Date.now();
  const failure = await failureWithin(runtime.ensureImage(image), 8_000);
  expect(failure).toBeInstanceOf(Error);
  expect((failure as Error).message).toBe(`Pulling ${image} stalled: no progress for 2 s; it was stopped`);
  expect(Date.now() - started).toBeLessThan(2_000 + 4_000);
  // The engine had begun the layer when it stalled. (Docker 20.10 here keeps that download open
  // after the pull's request is closed, until the registry hangs up, as in afterAll: the runner is
  // free again; the engine's download is the engine's.)
  expect(counts.layerRequests).toBe(1);
}, 30_000);

it("finding: a connector whose base-image pull stalls shows why in its status, secret-free, and its start is retried", async () => {
  const prisma = createTestPrisma();
  const secretBox = createTestSecretBox();
  const apiKey = `sk-${randomUUID()}`;
  const { image } = await startStallingRegistry();
  await resetDatabase(prisma);
  const runner = await createTestRunner(prisma, secretBox, {
    runtime: { pullLimits: { stallTimeoutMs: 2_000, timeoutMs: 60_000 } },
  });
  try {
    const fixture = await seedEverythingFixture(prisma, secretBox, { image, apiKey });
    const id = await fixture.createConnector();
    const job = await enqueueConnectorJob(runner, "installation.start", id);
    // Before: PREPARING_IMAGE, forever.
    await pollStatus(prisma, id, "ERROR", 10_000);
    const { statusReason } = await prisma.connector.findUniqueOrThrow({ where: { id } });
    expect(statusReason).toBe(
      `Image ${image} is not available on this Docker host: Pulling ${image} stalled: no progress for 2 s; it was stopped`,
    );
    expect(runner.logOutput.join("")).not.toContain(apiKey);
    // Not a permanent failure: the job is there to be tried again.
    await expect.poll(async () => (await job.isDelayed()) || (await job.isActive())).toBe(true);
  } finally {
    await runner.shutDown({ abruptly: true });
    await prisma.$disconnect();
  }
}, 60_000);
