import type { PrismaClient } from "@switchboard/db";
import type { InstallationJobName } from "@switchboard/jobs";
import type { Job } from "bullmq";
import { expect } from "vitest";
import type { ManagedContainer } from "../runtime/runtime.ts";
import type { TestRunner } from "./create-test-runner.ts";

/** Enqueues a job for the installation as web would: to its runner's queue, with a fresh job id. */
export async function enqueueInstallationJob(runner: TestRunner, name: InstallationJobName, id: string): Promise<Job> {
  const installation = await runner.ctx.prisma.installation.findUnique({ where: { id }, select: { runnerId: true } });
  const jobId = `${name}:${id}:${Date.now()}`;
  return runner.producer.enqueueForInstallation(name, { id, runnerId: installation?.runnerId ?? null }, jobId);
}

export async function pollStatus(prisma: PrismaClient, id: string, status: string, timeout = 30_000): Promise<void> {
  await expect
    .poll(async () => (await prisma.installation.findUnique({ where: { id } }))?.status, { timeout, interval: 100 })
    .toBe(status);
}

/** The containers the runtime manages for this installation: a correct runner never has more than one. */
export async function containersOf(runner: TestRunner, id: string): Promise<ManagedContainer[]> {
  return (await runner.t.runtime.listManaged()).filter((container) => container.installationId === id);
}
