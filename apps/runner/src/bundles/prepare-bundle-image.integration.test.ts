import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createGuardedFetch } from "@switchboard/oauth";
import { UnrecoverableError } from "bullmq";
import { zipSync } from "fflate";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../runtime/testing/create-test-runtime.ts";
import { bundleImageTag, prepareBundleImage } from "./prepare-bundle-image.ts";

// The runner unzips each file of a bundle as the image build reads its context: a file that does
// not unzip (its publisher's checksum vouches for broken bytes) must fail the build with the
// bundle's own reason, as a permanent refusal, not hang the build or pass as a Docker error.
const text = (value: string) => new TextEncoder().encode(value);
const manifest = { manifest_version: "0.3", name: "broken", server: { type: "node", mcp_config: { command: "node" } } }; // prettier-ignore
let t: TestRuntime;
let bytes: Uint8Array;
let server: ReturnType<typeof createServer>;
let origin: string;

/** A bundle whose `broken.js` has a deflate block of the reserved type 3: it cannot inflate. */
function brokenBundle(): Uint8Array {
  const zip = zipSync({ "manifest.json": text(JSON.stringify(manifest)), "broken.js": text("x".repeat(10_000)) });
  const name = text("broken.js");
  const view = new DataView(zip.buffer);
  for (let offset = 0; offset < zip.length - 4; offset++) {
    const isLocalHeader = view.getUint32(offset, true) === 0x04034b50;
    if (!isLocalHeader || !name.every((byte, index) => zip[offset + 30 + index] === byte)) continue;
    zip[offset + 30 + name.length + view.getUint16(offset + 28, true)] = 0xff;
  }
  return zip;
}

beforeAll(async () => {
  t = await createTestRuntime();
  bytes = brokenBundle();
  server = createServer((request, response) => response.end(bytes));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

it("a bundle file that does not unzip while the image's context is packed fails the build as a permanent refusal", async () => {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const ctx = {
    runtime: t.runtime,
    logger: pino({ level: "silent" }),
    bundleFetch: createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [new URL(origin).host], streamBody: true }), // prettier-ignore
  };
  const bundle = { url: `${origin}/broken.mcpb`, sha256 };
  const error = await prepareBundleImage(ctx, bundle, t.images.node).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(UnrecoverableError);
  expect((error as Error).message).toMatch(new RegExp(`^MCP bundle ${origin}/broken\\.mcpb refused: cannot read broken\\.js in the bundle: .*invalid block type`)); // prettier-ignore
  await expect(t.docker.getImage(bundleImageTag(sha256, t.images.node)).inspect()).rejects.toMatchObject({ statusCode: 404 }); // prettier-ignore
}, 60_000);
