import { randomUUID } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readCatalogEntry, type CatalogEntry } from "@switchboard/catalog";
import { createTestPrisma, createTestSecretBox, resetDatabase, seedUser } from "@switchboard/db/testing";
import { createGuardedFetch } from "@switchboard/oauth";
import {
  buildTestBundle,
  createTestRunner,
  enqueueConnectorJob,
  serveBridgeEndpoint,
  TEST_BUNDLE_SECRET_SETTING,
  type BridgeEndpoint,
  type TestBundle,
  type TestRunner,
} from "@switchboard/runner/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { previewImport } from "@/modules/admin-catalog/lib/preview-import.ts";
import { saveImport } from "@/modules/admin-catalog/lib/save-import.ts";

// Issue 16: an MCP Registry server.json whose package is an MCP bundle (registryType mcpb) imports
// through the admin import (bundle downloaded through the SSRF guard from 127.0.0.1, sha256
// checked, manifest.json imported) and runs through the real runner, which builds the bundle's
// image locally (no registry) and starts it hardened like any other connector.
const prisma = createTestPrisma();
const secretBox = createTestSecretBox();
const TOKEN = `echo-${randomUUID()}-never-shown`;
const MiB = 1024 * 1024;
let bundle: TestBundle;
let origin: string;
let server: ReturnType<typeof createServer>;
let runner: TestRunner;
let endpoint: BridgeEndpoint;
const created: string[] = [];

const serverJson = (sha256: string, file = "bundle-echo.mcpb") =>
  JSON.stringify({
    $schema: "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
    name: "io.github.switchboard-tests/bundle-echo",
    description: "Echo, shipped as an MCP bundle",
    version: "1.0.0",
    packages: [{ registryType: "mcpb", identifier: `${origin}/${file}`, fileSha256: sha256, transport: { type: "stdio" } }], // prettier-ignore
  });

beforeAll(async () => {
  await resetDatabase(prisma);
  bundle = await buildTestBundle();
  server = createServer((request, response) => {
    if (request.url === "/bundle-echo.mcpb") response.end(bundle.bytes);
    else if (request.url === "/huge.mcpb") sendHugeBundle(response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  runner = await createTestRunner(prisma, secretBox, {
    runnerId: "mcpb-bundle-runner",
    bundleHosts: [new URL(origin).host],
    launchOptions: (images) => ({ images: { node: images.node } }),
  });
  endpoint = await serveBridgeEndpoint((connectorId) => runner.ctx.bridges.get(connectorId));
}, 120_000);

afterAll(async () => {
  await endpoint?.close();
  await runner?.shutDown();
  for (const id of created) await runner.t.runtime.remove(id);
  // Each run's bundle has its own sha256 (zip timestamps), so its image is removed, not cached.
  const images = await runner.t.docker.listImages({ filters: { reference: ["switchboard-mcpb"] } });
  const ours = images
    .flatMap((image) => image.RepoTags ?? [])
    .filter((tag) => tag.includes(bundle.sha256.slice(0, 32)));
  for (const tag of ours) await runner.t.docker.getImage(tag).remove();
  await new Promise((resolve) => server?.close(resolve));
  await prisma.$disconnect();
});

// As createBundleFetch makes it: streamed, so readBundle hashes the body as it arrives.
const bundleFetch = (maxResponseBytes = 16 * MiB) =>
  createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [new URL(origin).host], maxResponseBytes, streamBody: true }); // prettier-ignore

/** What /huge.mcpb managed to send before the client hung up, and whether it did. */
const huge = { written: 0, closed: false };

/** A 256 MiB "bundle" without Content-Length, written only as fast as the client reads it. */
function sendHugeBundle(response: ServerResponse) {
  const chunk = Buffer.alloc(64 * 1024, 7);
  Object.assign(huge, { written: 0, closed: false });
  response.once("close", () => (huge.closed = true));
  response.on("error", () => {});
  response.writeHead(200, { "content-type": "application/zip" });
  const pump = () => {
    while (!huge.closed && huge.written < 256 * MiB) {
      huge.written += chunk.length;
      if (!response.write(chunk)) return void response.once("drain", pump);
    }
    if (!huge.closed) response.end();
  };
  pump();
}

/** Installs the entry for its owner with the bundle's secret setting and asks the runner to start it. */
async function startBundleConnector(id: string, catalogEntryId: string, ownerUserId: string, name: string) {
  await prisma.connector.create({
    data: {
      id,
      catalogEntryId,
      scope: "PERSONAL",
      ownerUserId,
      name,
      status: "QUEUED",
      secretConfigCiphertext: secretBox.seal(JSON.stringify({ [TEST_BUNDLE_SECRET_SETTING]: TOKEN }), {
        table: "Installation",
        column: "secretConfigCiphertext",
        rowId: id,
      }),
    },
  });
  await enqueueConnectorJob(runner, "installation.start", id);
}

async function waitForStatus(id: string, status: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const row = await prisma.connector.findUniqueOrThrow({ where: { id } });
    if (row.status === status) return;
    if (Date.now() > deadline) throw new Error(`connector is ${row.status} (${row.statusReason ?? ""}), never ${status}`); // prettier-ignore
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

it("imports a registry server.json with an mcpb package, installs it and calls its tool through the runner", async () => {
  const admin = await seedUser(prisma, { isInstanceAdmin: true });
  const text = serverJson(bundle.sha256);
  const preview = await previewImport(prisma, admin, text, bundleFetch());
  const entry = preview.items[0]?.entry as CatalogEntry;
  expect(entry.server).toEqual({
    type: "local",
    runtime: "node",
    command: "node",
    args: ["${__dirname}/server/index.js", `--token=\${user_config.${TEST_BUNDLE_SECRET_SETTING}}`],
    env: { ECHO_TOKEN: `\${user_config.${TEST_BUNDLE_SECRET_SETTING}}` },
    bundle: { url: `${origin}/bundle-echo.mcpb`, sha256: bundle.sha256 },
  });
  expect(entry.userConfig[TEST_BUNDLE_SECRET_SETTING]).toMatchObject({ secret: true, required: true });
  expect(await saveImport(prisma, admin, text, bundleFetch())).toEqual({ saved: 1, unchanged: 0 });

  const row = await prisma.catalogEntry.findUniqueOrThrow({ where: { slug: entry.id } });
  const id = randomUUID();
  created.push(id);
  await startBundleConnector(id, row.id, admin.id, "bundle-echo");
  await waitForStatus(id, "RUNNING");

  expect(await endpoint.callEcho(id, "hello bundle")).toBe("hello bundle | token-set | argv-token-set | /app/server/index.js"); // prettier-ignore
  const tags = (await runner.t.docker.listImages({ filters: { reference: ["switchboard-mcpb"] } })).flatMap((i) => i.RepoTags ?? []); // prettier-ignore
  expect(tags.some((tag) => tag.startsWith(`switchboard-mcpb:${bundle.sha256.slice(0, 32)}-`))).toBe(true);
  const status = await runner.t.runtime.inspectStatus(id);
  const container = await runner.t.docker.getContainer(status?.containerId ?? "").inspect();
  expect(container.HostConfig.ReadonlyRootfs).toBe(true);
  expect(container.HostConfig.CapDrop).toEqual(["ALL"]);
  expect(container.Config.User).toBe("65532:65532");
  // The secret the server takes as a flag: its position is redacted where the launch is logged.
  const logs = [...runner.logOutput, ...runner.t.logOutput].join("\n");
  expect(logs).toContain('"argv":["node","/app/server/index.js","[redacted]"]');
  expect(logs).not.toContain(TOKEN);
});

it("refuses a bundle whose sha256 is not the one its server.json gives, before anything is imported", async () => {
  const admin = await seedUser(prisma, { isInstanceAdmin: true });
  const wrong = "0".repeat(64);
  await expect(previewImport(prisma, admin, serverJson(wrong), bundleFetch())).rejects.toThrow(
    `The MCP bundle at ${origin}/bundle-echo.mcpb was refused: the downloaded bundle's sha256 is ${bundle.sha256}, not the ${wrong} its publisher gave: refused`,
  );
  await expect(previewImport(prisma, admin, serverJson(wrong, "missing.mcpb"), bundleFetch())).rejects.toThrow(
    `The MCP bundle at ${origin}/missing.mcpb could not be downloaded: HTTP 404.`,
  );
});

it("the runner refuses a bundle that no longer matches the sha256 the entry recorded, as a permanent failure", async () => {
  const row = await prisma.catalogEntry.findFirstOrThrow({
    where: { slug: "io.github.switchboard-tests-bundle-echo" },
  });
  const entry = readCatalogEntry(row);
  const recorded = "1".repeat(64);
  // The publisher's file changed after the import (or the entry was edited): same URL, other checksum.
  const swapped = await prisma.catalogEntry.create({
    data: {
      ...{ source: row.source, name: row.name, authKind: row.authKind, location: row.location, tags: row.tags },
      slug: "bundle-echo-swapped",
      entry: { ...entry, id: "bundle-echo-swapped", server: { ...entry.server, bundle: { url: `${origin}/bundle-echo.mcpb`, sha256: recorded } } }, // prettier-ignore
    },
  });
  const owner = await seedUser(prisma);
  const id = randomUUID();
  created.push(id);
  await startBundleConnector(id, swapped.id, owner.id, "swapped");
  await waitForStatus(id, "ERROR");
  const { statusReason } = await prisma.connector.findUniqueOrThrow({ where: { id } });
  expect(statusReason).toBe(
    `MCP bundle ${origin}/bundle-echo.mcpb refused: the downloaded bundle's sha256 is ${bundle.sha256}, not the ${recorded} its publisher gave: refused`,
  );
  expect(await runner.t.runtime.inspectStatus(id)).toBeNull();
});

it("finding: a bundle over the size limit is refused while it streams in, the download abandoned long before its end", async () => {
  const admin = await seedUser(prisma, { isInstanceAdmin: true });
  const started = Date.now();
  await expect(previewImport(prisma, admin, serverJson("2".repeat(64), "huge.mcpb"), bundleFetch(MiB))).rejects.toThrow(
    `The MCP bundle at ${origin}/huge.mcpb could not be downloaded: The response from 127.0.0.1 exceeded the ${MiB}-byte limit.`,
  );
  for (let wait = 0; !huge.closed && wait < 100; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(huge.closed).toBe(true);
  // The limit plus what the sockets' buffers held, not the 256 MiB on offer.
  expect(huge.written).toBeLessThan(16 * MiB);
  expect(Date.now() - started).toBeLessThan(5_000);
});
