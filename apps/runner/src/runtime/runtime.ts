import type { Readable } from "node:stream";
import type { StdioStreams } from "@switchboard/mcp-bridge";
import type { ContainerLaunch } from "./container-spec.ts";
import type { LogLine, LogListener } from "./log-buffer.ts";
import type { ExitWatchHandlers } from "./watch-container-exits.ts";

export type ContainerState = "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead";

/** A container the runtime manages, as listed by its labels. */
export interface ManagedContainer {
  connectorId: string;
  runnerId: string;
  containerId: string;
  specHash: string;
  state: ContainerState;
}

export interface ContainerStatus extends ManagedContainer {
  exitCode: number | null;
  oomKilled: boolean;
  /** ISO timestamps; null when the container never started or never stopped. */
  startedAt: string | null;
  finishedAt: string | null;
  /** Where the runner reaches an HTTP server (published on 127.0.0.1 only); null for stdio servers. */
  httpUrl: string | null;
}

export interface ExecOptions {
  /** Written to the command's stdin, then closed. */
  input?: string;
  timeoutMs?: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * One runtime per host kind (Docker today, Kubernetes later). Every operation is keyed by
 * connector id, and `ensureStarted` is idempotent, so jobs can retry and a restarted runner can
 * adopt what it finds.
 */
export interface EnsureStartedOptions {
  /** What `ensureImage` just returned for the launch's image, so it is not inspected a second time. */
  imageId?: string;
  /**
   * Called once the container exists, before it is started when it has to be: a stdio server's
   * bridge attaches here, so the health check's first message waits in its stdin while it boots.
   */
  attach?: (containerId: string) => Promise<void>;
}

export interface ContainerRuntime {
  /** Returns the local image id, pulling the image first when the host lacks it. */
  ensureImage(reference: string): Promise<string>;
  /**
   * Returns the id of the local image `tag`, building it first from the context `buildContext`
   * gives (a tar with a Dockerfile) when the host lacks it. `buildContext` (pulls, downloads) runs
   * before the build waits its turn: one build at a time, within a deadline, and the context is
   * destroyed once the build is over, read to its end or not.
   */
  ensureBuiltImage(tag: string, buildContext: () => Promise<Readable>): Promise<string>;
  /** Creates (or reuses, when the spec is unchanged) and starts the connector's container. */
  ensureStarted(launch: ContainerLaunch, options?: EnsureStartedOptions): Promise<ContainerStatus>;
  stop(connectorId: string, timeoutSeconds?: number): Promise<void>;
  /** Removes the container and its credential files; a no-op when neither exists. */
  remove(connectorId: string): Promise<void>;
  inspectStatus(connectorId: string): Promise<ContainerStatus | null>;
  listManaged(runnerId?: string): Promise<ManagedContainer[]>;
  attachStdio(connectorId: string): Promise<StdioStreams>;
  exec(connectorId: string, command: string[], options?: ExecOptions): Promise<ExecResult>;
  /** Swaps a credential file in place; the running server sees the new content without a restart. */
  rewriteCredentialFile(connectorId: string, path: string, content: string): Promise<void>;
  /** Cuts these values (a refreshed token, before it is delivered) out of the logs from now on. */
  redactLogs(connectorId: string, secrets: readonly string[]): void;
  readLogs(connectorId: string): LogLine[];
  subscribeLogs(connectorId: string, listener: LogListener): () => void;
  /** Reports at once when a container of this runner stops running; returns the unsubscribe. */
  watchExits(runnerId: string, handlers: ExitWatchHandlers): () => void;
}
