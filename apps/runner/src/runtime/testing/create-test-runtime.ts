import { readFile } from "node:fs/promises";
import { Writable } from "node:stream";
import Docker from "dockerode";
import pino from "pino";
import type { ContainerLaunch } from "../container-spec.ts";
import { createDockerRuntime } from "../docker-runtime.ts";
import type { DockerRuntime } from "../docker-runtime.ts";
import type { PullLimits } from "../ensure-image.ts";
import { parseNameservers } from "../network-firewall.ts";
import { TEST_RUNNER_ID } from "../../testing/test-runner-id.ts";
import { EVERYTHING_ENTRYPOINT, buildTestImages } from "./build-test-image.ts";
import type { TestImages } from "./build-test-image.ts";

export const TEST_SECRETS_DIR = "/dev/shm/switchboard-test";

export interface TestRuntime {
  docker: Docker;
  runtime: DockerRuntime;
  images: TestImages;
  /** Every line the runtime logged, as JSON text, to assert that no secret leaks. */
  logOutput: string[];
  /** A stdio launch of server-everything; override fields per test. */
  createEverythingLaunch(connectorId: string, overrides?: Partial<ContainerLaunch>): ContainerLaunch;
}

export interface TestRuntimeOptions {
  /** The local engine by default; fault tests bring a Docker daemon of their own (with the test images loaded). */
  docker?: Docker;
  /** Off only for a daemon whose containers iptables does not govern (see DockerRuntimeOptions.firewall). */
  firewall?: boolean;
  /** A short build deadline, for a test of it (see DockerRuntimeOptions.buildTimeoutMs). */
  buildTimeoutMs?: number;
  /** Short pull limits, for a test of them (see DockerRuntimeOptions.pullLimits). */
  pullLimits?: PullLimits;
}

/** A DockerRuntime on the real engine with the real firewall, as the runner process would create it. */
export async function createTestRuntime({
  docker = new Docker(),
  firewall = true,
  buildTimeoutMs,
  pullLimits,
}: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const images = await buildTestImages(docker);
  const logOutput: string[] = [];
  const logger = pino(
    { level: "debug" },
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logOutput.push(chunk.toString());
        callback();
      },
    }),
  );
  const runtime = await createDockerRuntime({
    docker,
    logger,
    specHashKey: "integration-test-key",
    secretsDir: TEST_SECRETS_DIR,
    firewall: firewall
      ? { dnsServers: parseNameservers(await readFile("/etc/resolv.conf", "utf8")), allowedCidrs: [] }
      : "off",
    ...(buildTimeoutMs && { buildTimeoutMs }),
    ...(pullLimits && { pullLimits }),
  });
  return {
    docker,
    runtime,
    images,
    logOutput,
    createEverythingLaunch: (connectorId, overrides) => ({
      connectorId,
      runnerId: TEST_RUNNER_ID,
      image: images.everything,
      command: ["node", EVERYTHING_ENTRYPOINT, "stdio"],
      args: [],
      env: {},
      files: [],
      ...overrides,
    }),
  };
}
