import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createTestPrisma, createTestSecretBox, resetDatabase } from "@switchboard/db/testing";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestImages } from "../runtime/testing/build-test-image.ts";
import { serveBridgeEndpoint } from "../testing/bridge-endpoint.ts";
import type { BridgeEndpoint } from "../testing/bridge-endpoint.ts";
import { createTestRunner } from "../testing/create-test-runner.ts";
import type { TestRunner } from "../testing/create-test-runner.ts";
import { seedEverythingFixture } from "../testing/everything-fixture.ts";
import type { EverythingFixture } from "../testing/everything-fixture.ts";
import { containersOf, enqueueConnectorJob, pollStatus } from "../testing/connector-steps.ts";
import { startPrivateDockerDaemon } from "../testing/private-docker-daemon.ts";
import type { PrivateDockerDaemon } from "../testing/private-docker-daemon.ts";
import { reconcileRunner } from "./reconcile-runner.ts";

const prisma = createTestPrisma();
const secretBox = createTestSecretBox();

let daemon: PrivateDockerDaemon;
let runner: TestRunner;
let fixture: EverythingFixture;
let endpoint: BridgeEndpoint;

beforeAll(async () => {
  await resetDatabase(prisma);
  const hostDocker = new Docker();
  const images = await buildTestImages(hostDocker);
  daemon = await startPrivateDockerDaemon();
  await daemon.loadImages(hostDocker, [images.node, images.everything]);
  runner = await createTestRunner(prisma, secretBox, {
    runnerId: "docker-fault-runner",
    // This host's iptables rules do not reach into the private daemon's network namespace.
    runtime: { docker: daemon.docker, firewall: false },
  });
  fixture = await seedEverythingFixture(prisma, secretBox, { image: images.everything, apiKey: `sk-${randomUUID()}` });
  endpoint = await serveBridgeEndpoint((connectorId) => runner.ctx.bridges.get(connectorId));
});

afterAll(async () => {
  await endpoint?.close();
  await runner?.shutDown();
  await daemon?.destroy();
  await prisma.$disconnect();
});

async function dockerHealth(): Promise<string | undefined> {
  return (await runner.health()).checks.docker;
}

describe("Docker daemon restarts", () => {
  it("health reports Docker down then up; the server restarts once the event stream is back, and exits are seen at once again; a start sent meanwhile is retried", async () => {
    const running = await fixture.createConnector();
    await enqueueConnectorJob(runner, "installation.start", running);
    await pollStatus(prisma, running, "RUNNING");
    const [before] = await containersOf(runner, running);
    expect(await dockerHealth()).toBe("ok");

    await daemon.stop();
    expect(await dockerHealth()).toBe("failing");
    const queued = await fixture.createConnector();
    const queuedJob = await enqueueConnectorJob(runner, "installation.start", queued);
    // The first attempt fails against the missing daemon; the job's backoff retries it.
    await pollStatus(prisma, queued, "ERROR");
    expect((await prisma.connector.findUniqueOrThrow({ where: { id: queued } })).statusReason).toMatch(
      /^Docker is not reachable on this runner's host/,
    );
    const staleBridge = runner.ctx.bridges.get(running);
    const restartedAt = performance.now();
    await daemon.start();
    expect(await dockerHealth()).toBe("ok");

    // Without live-restore the daemon stopped the container. The runner's event stream comes back
    // by itself and the reconcile that follows restarts the server, with no reconcile tick.
    const daemonRecoveryMs = await endpoint.measureRecovery(running, restartedAt, staleBridge);
    console.log(`[self-healing] dockerd restart -> connector callable again in ${daemonRecoveryMs} ms`);
    expect(await containersOf(runner, running)).toEqual([
      expect.objectContaining({ containerId: before?.containerId, state: "running" }),
    ]);
    await pollStatus(prisma, running, "RUNNING");

    // The re-subscribed event stream still reports exits: a kill is recovered at once again.
    const bridgeBeforeKill = runner.ctx.bridges.get(running);
    const killedAt = performance.now();
    await daemon.docker.getContainer(`sb-inst-${running}`).kill();
    const killRecoveryMs = await endpoint.measureRecovery(running, killedAt, bridgeBeforeKill);
    // This runner's reconcile tick is an hour away: recovering at all proves the events arrive.
    console.log(`[self-healing] docker kill after a dockerd restart -> callable in ${killRecoveryMs} ms`);

    await pollStatus(prisma, queued, "RUNNING", 45_000);
    expect(await containersOf(runner, queued)).toEqual([expect.objectContaining({ state: "running" })]);
    expect(await queuedJob.getState()).toBe("completed");
    expect(await reconcileRunner(runner.ctx)).toEqual([]);
  }, 90_000);
});
