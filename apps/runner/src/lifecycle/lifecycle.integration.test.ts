import { randomUUID } from "node:crypto";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { createTestPrisma, createTestSecretBox, resetDatabase } from "@switchboard/db/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SECRETS_DIR } from "../runtime/testing/create-test-runtime.ts";
import { TEST_REDIS_URL, TEST_RUNNER_ID, createTestRunner } from "../testing/create-test-runner.ts";
import type { TestRunner } from "../testing/create-test-runner.ts";
import { seedEverythingFixture } from "../testing/everything-fixture.ts";
import type { EverythingFixture } from "../testing/everything-fixture.ts";
import { containersOf, enqueueInstallationJob, pollStatus } from "../testing/installation-steps.ts";
import { reconcileRunner } from "./reconcile-runner.ts";

const prisma = createTestPrisma();
const secretBox = createTestSecretBox();
const API_KEY = `sk-live-${randomUUID()}-never-log`;
// server-everything 2026.8.31 registers these on a stdio connection (see docker-runtime.integration.test.ts).
const EVERYTHING_TOOL_COUNT = 13;

let runner: TestRunner;
let fixture: EverythingFixture;

beforeAll(async () => {
  const redis = new Redis(TEST_REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
  await resetDatabase(prisma);
  runner = await createTestRunner(prisma, secretBox);
  fixture = await seedEverythingFixture(prisma, secretBox, { image: runner.t.images.everything, apiKey: API_KEY });
});

afterAll(async () => {
  await runner.shutDown();
  for (const id of fixture.created) await runner.t.runtime.remove(id);
  await prisma.$disconnect();
});

function statusesLogged(logs: string[], id: string): string[] {
  return logs
    .map((text) => JSON.parse(text) as { installationId?: string; status?: string; msg: string })
    .filter((line) => line.installationId === id && line.msg === "installation status")
    .map((line) => line.status ?? "");
}

describe("installation lifecycle through BullMQ and the real Docker engine", () => {
  let id: string;

  it("starts server-everything through the start job and records its real tools", async () => {
    id = await fixture.createInstallation();
    await enqueueInstallationJob(runner, "installation.start", id);
    await pollStatus(prisma, id, "RUNNING");

    const installation = await prisma.installation.findUniqueOrThrow({ where: { id } });
    const tools = installation.tools as { name: string; description?: string }[];
    expect(tools).toHaveLength(EVERYTHING_TOOL_COUNT);
    expect(tools.map((tool) => tool.name)).toContain("echo");
    expect(installation).toMatchObject({ runnerId: TEST_RUNNER_ID, statusReason: null });
    expect(installation.serverInfo).toMatchObject({ name: "mcp-servers/everything" });
    expect(installation.containerId).toBe((await runner.t.runtime.inspectStatus(id))?.containerId);
    expect(statusesLogged(runner.logOutput, id)).toEqual(["PREPARING_IMAGE", "STARTING", "CHECKING", "RUNNING"]);
    expect(runner.ctx.bridges.get(id)).toBeDefined();
  });

  it("passes the secret setting as an env var, and keeps it out of logs and plaintext columns", async () => {
    const result = await runner.t.runtime.exec(id, ["node", "-e", "process.stdout.write(process.env.EXAMPLE_API_KEY)"]);
    expect(result.stdout).toBe(API_KEY);

    expect(runner.logOutput.join("")).not.toContain(API_KEY);
    expect(runner.t.logOutput.join("")).not.toContain(API_KEY);
    const [row] = await prisma.$queryRaw<{ json: string }[]>`
      SELECT row_to_json(i)::text AS json FROM "Installation" i WHERE id = ${id}::uuid`;
    expect(row?.json).not.toContain(API_KEY);
    expect(row?.json).toContain('"secretConfigCiphertext":"sb1.');
  });

  it("restarts a killed container on reconcile", async () => {
    const before = await runner.t.runtime.inspectStatus(id);
    await runner.t.docker.getContainer(`sb-inst-${id}`).kill();
    await expect.poll(async () => (await runner.t.runtime.inspectStatus(id))?.state).toBe("exited");

    const actions = await reconcileRunner(runner.ctx);

    expect(actions).toContainEqual(expect.objectContaining({ kind: "restart", installationId: id }));
    const after = await runner.t.runtime.inspectStatus(id);
    expect(after).toMatchObject({ state: "running", containerId: before?.containerId });
    expect(await prisma.installation.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "RUNNING",
      restartCount: 1,
    });
  });

  it("adopts the running container after a runner restart instead of duplicating it", async () => {
    const containerId = (await runner.t.runtime.inspectStatus(id))?.containerId;
    await runner.shutDown();
    runner = await createTestRunner(prisma, secretBox);

    const actions = await reconcileRunner(runner.ctx);

    expect(actions).toContainEqual({ kind: "adopt", installationId: id });
    expect(await containersOf(runner, id)).toEqual([expect.objectContaining({ containerId, state: "running" })]);
    expect(runner.ctx.bridges.get(id)).toBeDefined();
    expect((await prisma.installation.findUniqueOrThrow({ where: { id } })).status).toBe("RUNNING");
    expect(await reconcileRunner(runner.ctx)).toEqual([]);
  });

  it("stops: status STOPPED and no running container", async () => {
    await prisma.installation.update({ where: { id }, data: { desiredState: "STOPPED" } });
    await enqueueInstallationJob(runner, "installation.stop", id);
    await pollStatus(prisma, id, "STOPPED");

    expect((await runner.t.runtime.inspectStatus(id))?.state).toBe("exited");
    expect(runner.ctx.bridges.get(id)).toBeUndefined();
  });

  it("removes after the row is deleted: no container and no secrets directory", async () => {
    await prisma.installation.delete({ where: { id } });
    await enqueueInstallationJob(runner, "installation.remove", id);

    await expect.poll(() => runner.t.runtime.inspectStatus(id), { timeout: 15_000 }).toBeNull();
    // The runtime deletes the secrets directory right after the container.
    await expect
      .poll(() =>
        access(join(TEST_SECRETS_DIR, id)).then(
          () => "present",
          (error: Error) => error.message,
        ),
      )
      .toMatch(/ENOENT/);
  });
});

describe("reconcile and faults", () => {
  it("removes a container whose installation row is gone", async () => {
    const id = await fixture.createInstallation();
    await enqueueInstallationJob(runner, "installation.start", id);
    await pollStatus(prisma, id, "RUNNING");
    await prisma.installation.delete({ where: { id } });

    expect(await reconcileRunner(runner.ctx)).toContainEqual({ kind: "remove", installationId: id });
    expect(await runner.t.runtime.inspectStatus(id)).toBeNull();
  });

  it("finishes a start whose runner died mid-start, with exactly one container", async () => {
    await runner.shutDown();
    const doomed = await createTestRunner(prisma, secretBox);
    const id = await fixture.createInstallation();

    const starting = doomed.waitForStatus(id, "STARTING");
    await enqueueInstallationJob(doomed, "installation.start", id);
    await starting;
    await doomed.shutDown({ abruptly: true });
    runner = await createTestRunner(prisma, secretBox);

    await pollStatus(prisma, id, "RUNNING", 30_000);
    expect(await containersOf(runner, id)).toEqual([expect.objectContaining({ state: "running" })]);
  });
});
