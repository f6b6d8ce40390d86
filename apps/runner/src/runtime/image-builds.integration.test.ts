import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import { createGuardedFetch } from "@switchboard/oauth";
import { zipSync } from "fflate";
import pino from "pino";
import { pack } from "tar-stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bundleImageTag, prepareBundleImage } from "../bundles/prepare-bundle-image.ts";
import { createTestRuntime } from "./testing/create-test-runtime.ts";
import type { TestRuntime } from "./testing/create-test-runtime.ts";

// Finding: a bundle build holds its download and unpacked files in memory; several at once could
// take a small host's memory. The runner builds one image at a time.
// Finding (review L4): the build slot was also held while the base image was pulled and the bundle
// downloaded, with no deadline: a bundle host trickling bytes (or a hung build) kept every other
// connector's bundle waiting. Only docker's build takes the slot now, within a deadline, and a
// download that stops sending fails after its stall timeout.
const RUN = Date.now().toString(36);
const TAGS = ["a", "b", "hung", "next", "held-1", "held-2", "held-3"].map(
  (name) => `switchboard-test-build:${RUN}-${name}`,
);
const STALL_MS = 2_000;
const text = (value: string) => new TextEncoder().encode(value);
const manifest = { manifest_version: "0.3", name: "quick", server: { type: "node", mcp_config: { command: "node" } } }; // prettier-ignore
const quickBundle = zipSync({ "manifest.json": text(JSON.stringify(manifest)), "server.js": text(`// ${RUN}`) });
const quickSha256 = createHash("sha256").update(quickBundle).digest("hex");
let t: TestRuntime;
let server: ReturnType<typeof createServer>;
let origin: string;
let trickleAsked: () => void;
const trickleRequested = new Promise<void>((resolve) => (trickleAsked = resolve));

beforeAll(async () => {
  t = await createTestRuntime();
  server = createServer((request, response) => {
    if (request.url !== "/trickle.mcpb") return void response.end(quickBundle);
    trickleAsked();
    // A few bytes now and then, then nothing: the connection stays open.
    response.writeHead(200);
    let sent = 0;
    const timer = setInterval(() => (++sent > 3 ? clearInterval(timer) : response.write("P")), 300);
    response.once("close", () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

/**
 * A build context whose image holds `name` at /name, as a stream (what ensureBuiltImage takes).
 * Without a name it never ends: docker waits for the rest of it, the build never finishes.
 */
function packNameContext(name?: string): Readable {
  const archive = pack();
  archive.entry({ name: "Dockerfile" }, "FROM scratch\nCOPY name /name\n");
  if (name !== undefined) {
    archive.entry({ name: "name" }, name);
    archive.finalize();
  }
  return archive as unknown as Readable;
}

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  for (const tag of [...TAGS, bundleImageTag(quickSha256, t.images.node)])
    await t.docker
      .getImage(tag)
      .remove()
      .catch(() => undefined);
});

it("finding: builds one image at a time; docker reads the next build's context once the one before is built", async () => {
  const asked: string[] = [];
  const sent: Record<string, number> = {};
  const contextFor = (name: string) => async () => {
    asked.push(name);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return packNameContext(name).once("end", () => (sent[name] = Date.now()));
  };
  const ids = await Promise.all([
    t.runtime.ensureBuiltImage(TAGS[0]!, contextFor("a")),
    t.runtime.ensureBuiltImage(TAGS[1]!, contextFor("b")),
  ]);
  expect(ids[0]).not.toBe(ids[1]);
  // Both contexts are prepared at once (pulls and downloads take no turn)...
  expect(asked.sort()).toEqual(["a", "b"]);
  // ...and docker reads the second only once the first image is built.
  const created = await Promise.all(TAGS.slice(0, 2).map(async (tag) => Date.parse((await t.docker.getImage(tag).inspect()).Created))); // prettier-ignore
  const [first, second] = created[0]! < created[1]! ? [0, 1] : [1, 0];
  expect(sent[["a", "b"][second]!]).toBeGreaterThanOrEqual(created[first]!);
  // Built images are not built again, and do not wait for anything.
  expect(await t.runtime.ensureBuiltImage(TAGS[0]!, () => Promise.reject(new Error("not built again")))).toBe(ids[0]);
});

it("finding: holds at most two build contexts (downloaded bundles) at once; a third is prepared when one is done", async () => {
  let held = 0;
  let mostHeld = 0;
  const contextFor = (name: string) => async () => {
    held += 1;
    mostHeld = Math.max(mostHeld, held);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return packNameContext(name).once("close", () => (held -= 1));
  };
  const ids = await Promise.all(
    TAGS.slice(4).map((tag, index) => t.runtime.ensureBuiltImage(tag, contextFor(`held-${index}`))),
  );
  expect(new Set(ids).size).toBe(3);
  // Before: every start prepared its context at once, each holding its bundle until its turn to build.
  expect(mostHeld).toBe(2);
});

it("finding: a trickling bundle download does not hold the build slot, and fails once it stalls", async () => {
  const ctx = {
    runtime: t.runtime,
    logger: pino({ level: "silent" }),
    bundleFetch: createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [new URL(origin).host], streamBody: true, timeoutMs: 20_000, stallTimeoutMs: STALL_MS }), // prettier-ignore
  };
  const started = Date.now();
  const trickling = prepareBundleImage(
    ctx,
    { url: `${origin}/trickle.mcpb`, sha256: "0".repeat(64) },
    t.images.node,
  ).then(
    // prettier-ignore
    () => new Error("the trickling bundle was built"),
    (caught: Error) => Object.assign(caught, { at: Date.now() }),
  );
  await trickleRequested;
  const { image } = await prepareBundleImage(ctx, { url: `${origin}/quick.mcpb`, sha256: quickSha256 }, t.images.node);
  const buildStart = t.logOutput
    .map((line) => JSON.parse(line) as { msg: string; image?: string; time: number })
    .find((line) => line.msg === "building image" && line.image === image);
  expect(buildStart).toBeDefined();
  // Before: it waited its turn behind the trickling download, 20 s here (120 s in the runner).
  expect(buildStart!.time - started).toBeLessThan(STALL_MS);
  const failure = await trickling;
  expect(failure.message).toBe(
    `MCP bundle ${origin}/trickle.mcpb could not be downloaded: 127.0.0.1 stopped sending: nothing arrived for 2 s.`,
  );
  // The last byte came about 1 s in; then the stall timeout, not the 20-s whole-download timeout.
  expect((failure as Error & { at: number }).at - started).toBeLessThan(STALL_MS + 4_000);
}, 60_000);

it("finding: a build that outlasts its deadline is stopped with a clear error and frees the slot", async () => {
  const quick = await createTestRuntime({ buildTimeoutMs: 1_000 });
  const hung = packNameContext();
  const started = Date.now();
  await expect(quick.runtime.ensureBuiltImage(TAGS[2]!, () => Promise.resolve(hung))).rejects.toThrow(
    // prettier-ignore
    `Building ${TAGS[2]} did not finish within 1 s; it was stopped`,
  );
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(hung.destroyed).toBe(true);
  // The slot is free again: docker reads the next build's context (whether that build then makes
  // the 1-s deadline on a loaded host does not matter here).
  const next = packNameContext("next");
  let nextRead = false;
  next.once("end", () => (nextRead = true));
  await quick.runtime.ensureBuiltImage(TAGS[3]!, () => Promise.resolve(next)).catch(() => undefined); // prettier-ignore
  expect(nextRead).toBe(true);
}, 30_000);
