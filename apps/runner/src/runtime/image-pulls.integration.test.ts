import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { createGuardedFetch } from "@switchboard/oauth";
import { UnrecoverableError } from "bullmq";
import Docker from "dockerode";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { prepareBundleImage } from "../bundles/prepare-bundle-image.ts";
import { createDockerRuntime } from "./docker-runtime.ts";
import type { PullLimits } from "./ensure-image.ts";
import { DEFAULT_MCP_NETWORK } from "./mcp-network.ts";
import { TEST_SECRETS_DIR } from "./testing/create-test-runtime.ts";

// Finding (review, low): a base-image pull had no deadline. A registry or Docker daemon that stops
// sending mid-pull kept the pull, the bundle build-context turn it ran in (two per runner) and the
// connector's start waiting forever. A pull now fails when no progress arrives for its stall timeout
// or when it outlasts its deadline; its request is closed and its turn freed.
//
// The peer is a real HTTP server speaking the part of the Docker Engine API the runtime uses here
// (network inspect, image inspect, image create): this machine's dockerd has no registry to stall.
const STALLING = "registry.test/stalls:1";
const TRICKLING = "registry.test/trickles:1";
const event = (status: string) => `${JSON.stringify({ status, id: "1" })}\r\n`;

let server: ReturnType<typeof createServer>;
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
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

function createRuntime(pullLimits: PullLimits) {
  return createDockerRuntime({
    docker,
    logger: pino({ level: "silent" }),
    specHashKey: "image-pulls-test",
    secretsDir: TEST_SECRETS_DIR,
    firewall: "off",
    pullLimits,
  });
}

/** What a promise settled to within `ms`, or "still waiting". */
async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | "still waiting"> {
  return Promise.race([promise, sleep(ms, "still waiting" as const)]);
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
    prepareBundleImage(ctx, { url: `https://bundles.test/${digit}.mcpb`, sha256: digit.repeat(64) }, STALLING).then(
      () => new Error("a bundle image was built on a stalled pull"),
      (caught: Error) => caught,
    ),
  );
  // A third waits for a turn.
  let thirdPrepared = false;
  const third = runtime
    .ensureBuiltImage("switchboard-test-pull:third", () => {
      thirdPrepared = true;
      return Promise.reject(new Error("third context prepared"));
    })
    .then(
      () => new Error("the third image was built"),
      (caught: Error) => caught,
    );

  // Before: all three were still waiting, forever.
  const failures = await settleWithin(Promise.all(stalled), 6_000);
  expect(failures).not.toBe("still waiting");
  for (const failure of failures as Error[]) {
    // What the connector's status shows: the image, and why, nothing from the registry's answer.
    expect(failure.message).toBe(
      `Image ${STALLING} is not available on this Docker host: Pulling ${STALLING} stalled: no progress for 1 s; it was stopped`,
    );
    // A stalled registry may recover: the start job retries.
    expect(failure).not.toBeInstanceOf(UnrecoverableError);
  }
  expect(Date.now() - started).toBeLessThan(1_000 + 3_000);
  // The pull's request was closed, so the daemon cancels it...
  expect(pulls.filter((pull) => pull.image === STALLING)).toHaveLength(2);
  await expect.poll(() => pulls.every((pull) => pull.closedAt !== undefined)).toBe(true);
  // ...and the turns were freed: the third connector's context is prepared.
  expect((await third).message).toBe("third context prepared");
  expect(thirdPrepared).toBe(true);
}, 20_000);

it("finding: a base-image pull that keeps reporting progress but outlasts its deadline is stopped with a clear error", async () => {
  const runtime = await createRuntime({ stallTimeoutMs: 1_000, timeoutMs: 2_000 });
  const started = Date.now();
  const failure = await settleWithin(
    runtime.ensureImage(TRICKLING).then(
      () => new Error("the trickling pull finished"),
      (caught: Error) => caught,
    ),
    7_000,
  );
  expect(failure).toBeInstanceOf(Error);
  expect((failure as Error).message).toBe(`Pulling ${TRICKLING} did not finish within 2 s; it was stopped`);
  // Progress every 200 ms kept the stall timeout away; the deadline stopped it.
  expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  expect(Date.now() - started).toBeLessThan(2_000 + 3_000);
  const pull = pulls.find((candidate) => candidate.image === TRICKLING);
  await expect.poll(() => pull?.closedAt).toBeDefined();
}, 20_000);
