import type { Duplex, Readable } from "node:stream";
import type Docker from "dockerode";
import pLimit from "p-limit";
import type { Logger } from "pino";
import { attachStdio, collectLogs } from "./attach-container.ts";
import { HTTP_PATH_LABEL, buildCreateOptions, buildEnvList } from "./build-create-options.ts";
import { CONNECTOR_LABEL, RUNNER_LABEL, SPEC_HASH_LABEL, getContainerName } from "./container-labels.ts";
import { DEFAULT_HARDENING, parseNumericUser } from "./container-hardening.ts";
import type { ContainerHardening } from "./container-hardening.ts";
import type { ContainerLaunch } from "./container-spec.ts";
import { CredentialFileStore } from "./credential-files.ts";
import { isNotFound, isNotModified } from "./docker-errors.ts";
import { DEFAULT_PULL_LIMITS, ensureImage, type PullLimits } from "./ensure-image.ts";
import { execInContainer } from "./exec-in-container.ts";
import { followProgress } from "./follow-progress.ts";
import { readImageVolumes } from "./image-volumes.ts";
import type { ImageVolume } from "./image-volumes.ts";
import { KeyedLock } from "./keyed-lock.ts";
import { DEFAULT_LOG_LIMITS, LogBuffer } from "./log-buffer.ts";
import type { LogBufferLimits, LogLine, LogListener } from "./log-buffer.ts";
import { DEFAULT_MCP_NETWORK, ensureMcpNetwork } from "./mcp-network.ts";
import type { McpNetworkOptions } from "./mcp-network.ts";
import { applyMcpFirewall } from "./network-firewall.ts";
import type { StdioStreams } from "@switchboard/mcp-bridge";
import { redactArgv } from "@switchboard/catalog";
import type { CommandRunner, McpFirewallOptions } from "./network-firewall.ts";
import type {
  ContainerRuntime,
  ContainerState,
  ContainerStatus,
  EnsureStartedOptions,
  ExecOptions,
  ExecResult,
  ManagedContainer,
} from "./runtime.ts";
import { computeSpecHash } from "./spec-hash.ts";
import { watchContainerExits } from "./watch-container-exits.ts";
import type { ExitWatchHandlers } from "./watch-container-exits.ts";

export const DEFAULT_SECRETS_DIR = "/dev/shm/switchboard";
const DEFAULT_BUILD_TIMEOUT_MS = 5 * 60_000;
const NEVER = "0001-01-01T00:00:00Z";

export interface DockerRuntimeOptions {
  docker: Docker;
  logger: Logger;
  /** Keys the spec-hash label (see spec-hash.ts); keep it stable across runner restarts so containers are reused. */
  specHashKey: string;
  /** Must be on tmpfs; checked at start-up. */
  secretsDir?: string;
  network?: McpNetworkOptions;
  /**
   * The iptables chains that keep MCP servers off the host and private networks. "off" is for a
   * Docker daemon whose containers this network namespace's iptables does not govern: one on
   * another machine, whose firewall its operator manages, or a test's daemon in a namespace of its own.
   */
  firewall: (Omit<McpFirewallOptions, "bridgeName"> & { runCommand?: CommandRunner }) | "off";
  hardening?: Partial<ContainerHardening>;
  logLimits?: LogBufferLimits;
  /** An image build still running after this long is stopped and fails. Default 5 minutes. */
  buildTimeoutMs?: number;
  /** When an image pull that hangs or drags on is stopped. Default 15 minutes, or 60 s without progress. */
  pullLimits?: PullLimits;
}

/** Prepares the host (secrets tmpfs, MCP network, firewall) and returns a runtime; no container starts before that. */
export async function createDockerRuntime(options: DockerRuntimeOptions): Promise<DockerRuntime> {
  const network = options.network ?? DEFAULT_MCP_NETWORK;
  const hardening = { ...DEFAULT_HARDENING, ...options.hardening };
  const files = new CredentialFileStore(options.secretsDir ?? DEFAULT_SECRETS_DIR, parseNumericUser(hardening.user));
  await files.assertOnTmpfs();
  await ensureMcpNetwork(options.docker, network);
  if (options.firewall !== "off") {
    const { runCommand, ...firewall } = options.firewall;
    await applyMcpFirewall({ ...firewall, bridgeName: network.bridgeName }, runCommand);
  }
  return new DockerRuntime(options, network, hardening, files);
}

export class DockerRuntime implements ContainerRuntime {
  private readonly lock = new KeyedLock();
  private readonly buildLock = new KeyedLock();
  /**
   * One image build at a time per runner, whatever its tag: docker's builds take a small host's
   * memory and CPU. Only the build itself: pulls and downloads must not keep other builds waiting.
   */
  private readonly builds = pLimit(1);
  /**
   * Build contexts held at once, from their preparation (a bundle's download, kept in memory) to
   * the end of their build: two, so a slow download leaves a turn for the others while memory
   * stays bounded by two bundles, not one per connector starting.
   */
  private readonly heldContexts = pLimit(2);
  private readonly logBuffers = new Map<string, LogBuffer>();
  private readonly logStreams = new Map<string, Duplex>();
  /** Per image id: an image's content never changes under its id. */
  private readonly imageVolumes = new Map<string, Promise<ImageVolume[]>>();

  constructor(
    private readonly options: DockerRuntimeOptions,
    private readonly network: McpNetworkOptions,
    private readonly hardening: ContainerHardening,
    private readonly files: CredentialFileStore,
  ) {}

  ensureImage(reference: string): Promise<string> {
    const { docker, logger, pullLimits = DEFAULT_PULL_LIMITS } = this.options;
    return ensureImage(docker, reference, logger, pullLimits);
  }

  ensureBuiltImage(tag: string, buildContext: () => Promise<Readable>): Promise<string> {
    return this.buildLock.run(tag, async () => {
      try {
        return (await this.options.docker.getImage(tag).inspect()).Id;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      return this.heldContexts(async () => {
        const context = await buildContext();
        try {
          return await this.builds(() => this.buildImage(tag, context));
        } finally {
          // A build that failed before reading all of its context stops whatever still feeds it.
          context.destroy();
        }
      });
    });
  }

  private async buildImage(tag: string, context: Readable): Promise<string> {
    const { docker, logger, buildTimeoutMs = DEFAULT_BUILD_TIMEOUT_MS } = this.options;
    // Aborting the request makes docker cancel the build.
    const deadline = AbortSignal.timeout(buildTimeoutMs);
    logger.info({ image: tag }, "building image");
    try {
      const progress = await docker.buildImage(context, { t: tag, rm: true, forcerm: true, abortSignal: deadline });
      await followProgress(docker, progress, `Building ${tag}`);
      deadline.throwIfAborted();
    } catch (error) {
      if (!deadline.aborted) throw error;
      throw new Error(`Building ${tag} did not finish within ${buildTimeoutMs / 1000} s; it was stopped`, { cause: error }); // prettier-ignore
    }
    return (await docker.getImage(tag).inspect()).Id;
  }

  ensureStarted(
    launch: ContainerLaunch,
    { imageId: knownImageId, attach }: EnsureStartedOptions = {},
  ): Promise<ContainerStatus> {
    return this.lock.run(launch.connectorId, async () => {
      const { docker, logger, specHashKey } = this.options;
      const imageId = knownImageId ?? (await this.ensureImage(launch.image));
      const mounts = this.files.planMounts(launch.connectorId, launch.files);
      const createOptions = buildCreateOptions({
        launch,
        hardening: this.hardening,
        networkName: this.network.name,
        mounts,
        imageVolumes: await this.readImageVolumes(imageId),
      });
      const env = buildEnvList(launch, this.hardening);
      const specHash = computeSpecHash({ ...createOptions, Image: imageId, Env: env }, launch.files, specHashKey);
      const context = { connectorId: launch.connectorId, image: launch.image, specHash };

      let existing = await this.inspectContainer(launch.connectorId);
      if (existing && existing.Config.Labels[SPEC_HASH_LABEL] !== specHash) {
        logger.info(context, "container spec changed; recreating");
        await this.removeContainer(launch.connectorId);
        existing = undefined;
      }
      // A new container starts from exactly the launch's files; a reused one keeps its directories
      // (its bind mounts refer to them) and gets fresh content, as it may hold an older token.
      if (!existing) {
        await this.files.removeFiles(launch.connectorId);
        // A copy of an image directory kept from an older container would hide the image's own files.
        await this.removeImageVolumes(launch.connectorId);
      }
      await this.files.writeFiles(launch.connectorId, launch.files);
      let containerId = existing?.Id;
      if (!existing) {
        // Logged before the create call on purpose: env values and file contents never reach a log
        // line, and argv only with its secret positions redacted.
        logger.info(
          {
            ...context,
            argv: [...launch.command, ...redactArgv(launch.args, launch.secretArgIndexes ?? [])],
            envNames: Object.keys(launch.env),
            files: launch.files.map((file) => file.path),
          },
          "creating container",
        );
        ({ id: containerId } = await docker.createContainer({
          ...createOptions,
          Labels: { ...createOptions.Labels, [SPEC_HASH_LABEL]: specHash },
          Env: env,
        }));
      }
      this.redactLogs(launch.connectorId, launch.secrets ?? []);
      const container = docker.getContainer(getContainerName(launch.connectorId));
      await Promise.all([
        this.ensureLogCollection(launch.connectorId, container, Boolean(launch.http)),
        attach?.(containerId!),
      ]);
      if (!existing?.State.Running) {
        logger.info(context, "starting container");
        await container.start();
      }
      return this.getStatusOrThrow(launch.connectorId);
    });
  }

  stop(connectorId: string, timeoutSeconds = 10): Promise<void> {
    return this.lock.run(connectorId, async () => {
      try {
        await this.getContainer(connectorId).stop({ t: timeoutSeconds });
      } catch (error) {
        if (!isNotFound(error) && !isNotModified(error)) throw error;
      }
    });
  }

  remove(connectorId: string): Promise<void> {
    return this.lock.run(connectorId, async () => {
      await this.removeContainer(connectorId);
      await this.files.removeFiles(connectorId);
      this.logBuffers.delete(connectorId);
      this.options.logger.info({ connectorId }, "container removed");
    });
  }

  async inspectStatus(connectorId: string): Promise<ContainerStatus | null> {
    const info = await this.inspectContainer(connectorId);
    return info ? toContainerStatus(info) : null;
  }

  async listManaged(runnerId?: string): Promise<ManagedContainer[]> {
    const labels = [CONNECTOR_LABEL, ...(runnerId ? [`${RUNNER_LABEL}=${runnerId}`] : [])];
    const containers = await this.options.docker.listContainers({ all: true, filters: { label: labels } });
    return containers.map((container) => ({
      connectorId: container.Labels[CONNECTOR_LABEL] ?? "",
      runnerId: container.Labels[RUNNER_LABEL] ?? "",
      containerId: container.Id,
      specHash: container.Labels[SPEC_HASH_LABEL] ?? "",
      state: container.State as ContainerState,
    }));
  }

  attachStdio(connectorId: string): Promise<StdioStreams> {
    return attachStdio(this.options.docker, this.getContainer(connectorId));
  }

  exec(connectorId: string, command: string[], options?: ExecOptions): Promise<ExecResult> {
    return execInContainer(this.options.docker, this.getContainer(connectorId), command, options);
  }

  rewriteCredentialFile(connectorId: string, path: string, content: string): Promise<void> {
    return this.lock.run(connectorId, () => this.files.rewriteFile(connectorId, path, content));
  }

  redactLogs(connectorId: string, secrets: readonly string[]): void {
    this.getLogBuffer(connectorId).redact(secrets);
  }

  readLogs(connectorId: string): LogLine[] {
    return this.getLogBuffer(connectorId).read();
  }

  subscribeLogs(connectorId: string, listener: LogListener): () => void {
    return this.getLogBuffer(connectorId).subscribe(listener);
  }

  watchExits(runnerId: string, handlers: ExitWatchHandlers): () => void {
    return watchContainerExits(this.options.docker, runnerId, handlers, this.options.logger);
  }

  private getContainer(connectorId: string): Docker.Container {
    return this.options.docker.getContainer(getContainerName(connectorId));
  }

  private async inspectContainer(connectorId: string): Promise<Docker.ContainerInspectInfo | undefined> {
    try {
      return await this.getContainer(connectorId).inspect();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private async getStatusOrThrow(connectorId: string): Promise<ContainerStatus> {
    const status = await this.inspectStatus(connectorId);
    if (!status) throw new Error(`Container of connector ${connectorId} disappeared`);
    return status;
  }

  private async removeContainer(connectorId: string): Promise<void> {
    this.logStreams.get(connectorId)?.destroy();
    try {
      // v: the anonymous volumes of the image's VOLUME lines go with it, or every recreate leaks one.
      await this.getContainer(connectorId).remove({ force: true, v: true });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    await this.removeImageVolumes(connectorId);
  }

  private readImageVolumes(imageId: string): Promise<ImageVolume[]> {
    let volumes = this.imageVolumes.get(imageId);
    if (!volumes) {
      volumes = readImageVolumes(this.options.docker, imageId);
      volumes.catch(() => this.imageVolumes.delete(imageId));
      this.imageVolumes.set(imageId, volumes);
    }
    return volumes;
  }

  /** The named volumes holding a container's copies of its image's directories (see buildCreateOptions). */
  private async removeImageVolumes(connectorId: string): Promise<void> {
    const { docker } = this.options;
    const { Volumes } = await docker.listVolumes({ filters: { label: [`${CONNECTOR_LABEL}=${connectorId}`] } });
    for (const volume of Volumes ?? []) {
      try {
        await docker.getVolume(volume.Name).remove();
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
  }

  private getLogBuffer(connectorId: string): LogBuffer {
    let buffer = this.logBuffers.get(connectorId);
    if (!buffer) {
      buffer = new LogBuffer(this.options.logLimits ?? DEFAULT_LOG_LIMITS);
      this.logBuffers.set(connectorId, buffer);
    }
    return buffer;
  }

  /** Attaches before start so the first lines are kept; a runner that restarts re-attaches to what it adopts. */
  private async ensureLogCollection(connectorId: string, container: Docker.Container, isHttp: boolean): Promise<void> {
    if (this.logStreams.has(connectorId)) return;
    const stream = await collectLogs(this.options.docker, container, this.getLogBuffer(connectorId), isHttp);
    this.logStreams.set(connectorId, stream);
    stream.once("close", () => {
      if (this.logStreams.get(connectorId) === stream) this.logStreams.delete(connectorId);
    });
  }
}

function toContainerStatus(info: Docker.ContainerInspectInfo): ContainerStatus {
  const labels = info.Config.Labels;
  return {
    connectorId: labels[CONNECTOR_LABEL] ?? "",
    runnerId: labels[RUNNER_LABEL] ?? "",
    containerId: info.Id,
    specHash: labels[SPEC_HASH_LABEL] ?? "",
    state: info.State.Status as ContainerState,
    exitCode: info.State.Running ? null : info.State.ExitCode,
    oomKilled: info.State.OOMKilled,
    startedAt: info.State.StartedAt === NEVER ? null : info.State.StartedAt,
    finishedAt: info.State.FinishedAt === NEVER ? null : info.State.FinishedAt,
    httpUrl: findHttpUrl(info),
  };
}

function findHttpUrl(info: Docker.ContainerInspectInfo): string | null {
  const path = info.Config.Labels[HTTP_PATH_LABEL];
  const bindings = Object.values(info.NetworkSettings.Ports ?? {}).flat();
  const binding = bindings.find((candidate) => candidate?.HostIp === "127.0.0.1" && candidate.HostPort);
  return path !== undefined && binding ? `http://127.0.0.1:${binding.HostPort}${path}` : null;
}
