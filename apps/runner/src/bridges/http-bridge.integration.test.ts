import { randomUUID } from "node:crypto";
import { createTestPrisma, createTestSecretBox, resetDatabase } from "@switchboard/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVERYTHING_ENTRYPOINT } from "../runtime/testing/build-test-image.ts";
import { serveBridgeEndpoint } from "../testing/bridge-endpoint.ts";
import type { BridgeEndpoint } from "../testing/bridge-endpoint.ts";
import { createTestRunner } from "../testing/create-test-runner.ts";
import type { TestRunner } from "../testing/create-test-runner.ts";
import { seedEverythingFixture } from "../testing/everything-fixture.ts";
import type { EverythingFixture } from "../testing/everything-fixture.ts";
import { enqueueConnectorJob, pollStatus } from "../testing/connector-steps.ts";

const prisma = createTestPrisma();
const secretBox = createTestSecretBox();
const PORT = 3001;

let runner: TestRunner;
let fixture: EverythingFixture;
let endpoint: BridgeEndpoint;

beforeAll(async () => {
  await resetDatabase(prisma);
  runner = await createTestRunner(prisma, secretBox, { runnerId: "http-bridge-runner" });
  // server-everything is built on the MCP SDK; in this mode it serves Streamable HTTP, not stdio.
  fixture = await seedEverythingFixture(prisma, secretBox, {
    image: runner.t.images.everything,
    apiKey: `sk-${randomUUID()}`,
    server: {
      command: "node",
      args: [EVERYTHING_ENTRYPOINT, "streamableHttp"],
      env: { PORT: String(PORT) },
      http: { port: PORT, path: "/mcp" },
    },
  });
  endpoint = await serveBridgeEndpoint(
    (connectorId) => runner.ctx.bridges.get(connectorId),
    (connectorId) => runner.ctx.bridges.getHttpTarget(connectorId),
  );
});

afterAll(async () => {
  await endpoint?.close();
  await runner?.shutDown();
  for (const id of fixture?.created ?? []) await runner.t.runtime.remove(id);
  await prisma.$disconnect();
});

describe("a local server that speaks HTTP (issue 12, finding 3)", () => {
  it("is reached through the runner's bridge endpoint, the same URL as a stdio server's", async () => {
    const id = await fixture.createConnector();
    await enqueueConnectorJob(runner, "installation.start", id);
    await pollStatus(prisma, id, "RUNNING");
    expect(runner.ctx.bridges.get(id)).toBeUndefined();

    expect(await endpoint.callEcho(id, "over http")).toBe("Echo: over http");

    await prisma.connector.update({ where: { id }, data: { desiredState: "STOPPED" } });
    await enqueueConnectorJob(runner, "installation.stop", id);
    await pollStatus(prisma, id, "STOPPED");
    await expect(endpoint.callEcho(id, "stopped")).rejects.toThrow(/No running MCP server/);
  });
});
