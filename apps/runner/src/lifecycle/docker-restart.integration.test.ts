import { randomUUID } from "node:crypto";
import { createTestPrisma, createTestSecretBox, resetDatabase } from "@switchboard/db/testing";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestImages } from "../runtime/testing/build-test-image.ts";
import { createTestRunner } from "../testing/create-test-runner.ts";
import type { TestRunner } from "../testing/create-test-runner.ts";
import { seedEverythingFixture } from "../testing/everything-fixture.ts";
import type { EverythingFixture } from "../testing/everything-fixture.ts";
import { containersOf, enqueueInstallationJob, pollStatus } from "../testing/installation-steps.ts";
import { startPrivateDockerDaemon } from "../testing/private-docker-daemon.ts";
import type { PrivateDockerDaemon } from "../testing/private-docker-daemon.ts";
import { reconcileRunner } from "./reconcile-runner.ts";

const prisma = createTestPrisma();
const secretBox = createTestSecretBox();

let daemon: PrivateDockerDaemon;
let runner: TestRunner;
let fixture: EverythingFixture;

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
});

afterAll(async () => {
  await runner?.shutDown();
  await daemon?.destroy();
  await prisma.$disconnect();
});

async function dockerHealth(): Promise<string | undefined> {
  return (await runner.health()).checks.docker;
}

describe("Docker daemon restarts", () => {
  it("health reports Docker down then up; reconcile restarts the server; a start sent meanwhile is retried", async () => {
    const running = await fixture.createInstallation();
    await enqueueInstallationJob(runner, "installation.start", running);
    await pollStatus(prisma, running, "RUNNING");
    const [before] = await containersOf(runner, running);
    expect(await dockerHealth()).toBe("ok");

    await daemon.stop();
    expect(await dockerHealth()).toBe("failing");
    const queued = await fixture.createInstallation();
    const queuedJob = await enqueueInstallationJob(runner, "installation.start", queued);
    // The first attempt fails against the missing daemon; the job's backoff retries it.
    await pollStatus(prisma, queued, "ERROR");
    expect((await prisma.installation.findUniqueOrThrow({ where: { id: queued } })).statusReason).toMatch(
      /^Docker is not reachable on this runner's host/,
    );
    await daemon.start();
    expect(await dockerHealth()).toBe("ok");

    // Without live-restore the daemon stopped the container; the next reconcile tick restarts it.
    expect((await containersOf(runner, running))[0]?.state).toBe("exited");
    expect(await reconcileRunner(runner.ctx)).toContainEqual(
      expect.objectContaining({ kind: "restart", installationId: running }),
    );
    await pollStatus(prisma, running, "RUNNING");
    expect(await containersOf(runner, running)).toEqual([
      expect.objectContaining({ containerId: before?.containerId, state: "running" }),
    ]);
    expect(runner.ctx.bridges.get(running)).toBeDefined();

    await pollStatus(prisma, queued, "RUNNING", 45_000);
    expect(await containersOf(runner, queued)).toEqual([expect.objectContaining({ state: "running" })]);
    expect(await queuedJob.getState()).toBe("completed");
    expect(await reconcileRunner(runner.ctx)).toEqual([]);
  }, 90_000);
});
