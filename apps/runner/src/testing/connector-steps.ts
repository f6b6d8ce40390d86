import type { PrismaClient } from "@switchboard/db";
import type { ConnectorJobName } from "@switchboard/jobs";
import type { Job } from "bullmq";
import { expect } from "vitest";
import type { ManagedContainer } from "../runtime/runtime.ts";
import type { TestRunner } from "./create-test-runner.ts";

/** Enqueues a job for the connector as web would: to its runner's queue, with a fresh job id. */
export async function enqueueConnectorJob(runner: TestRunner, name: ConnectorJobName, id: string): Promise<Job> {
  const connector = await runner.ctx.prisma.connector.findUnique({ where: { id }, select: { runnerId: true } });
  const jobId = `${name}:${id}:${Date.now()}`;
  return runner.producer.enqueueForConnector(name, { id, runnerId: connector?.runnerId ?? null }, jobId);
}

export async function pollStatus(prisma: PrismaClient, id: string, status: string, timeout = 30_000): Promise<void> {
  await expect
    .poll(async () => (await prisma.connector.findUnique({ where: { id } }))?.status, { timeout, interval: 100 })
    .toBe(status);
}

/** The containers the runtime manages for this connector: a correct runner never has more than one. */
export async function containersOf(runner: TestRunner, id: string): Promise<ManagedContainer[]> {
  return (await runner.t.runtime.listManaged()).filter((container) => container.connectorId === id);
}
