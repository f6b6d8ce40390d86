import type { RemoteTransport, Runtime } from "../schema/server.ts";

/** A credential file for the runner to write (tmpfs, owner read-only). */
export interface LaunchFile {
  path: string;
  content: string;
  mode: 0o400;
}

/** Docker's units, as the runner passes them to the engine. */
export interface ContainerResources {
  memoryBytes?: number;
  nanoCpus?: number;
  pidsLimit?: number;
}

export interface ContainerLaunchSpec {
  kind: "container";
  /** With `bundle`, the runtime's image the bundle is unpacked onto. */
  image: string;
  /** An MCP bundle to download, verify and unpack at the bundle directory before starting. */
  bundle?: { url: string; sha256: string };
  /** Replaces the image entrypoint when non-empty; empty runs the image's own entrypoint with `args`. */
  command: string[];
  /** An argv array: never joined into a shell string. */
  args: string[];
  /**
   * Indexes of `args` holding a secret setting (a credential the server takes only as a flag, such
   * as `--api-key`), for redaction wherever Switchboard shows argv. Argv itself is not secret:
   * `docker inspect` and the Docker host's process list show it, so an env var or file is better
   * whenever the server reads one.
   */
  secretArgIndexes: number[];
  env: Record<string, string>;
  /** Names of env vars holding a secret setting or a token, for redaction in logs and UIs. */
  secretEnvNames: string[];
  files: LaunchFile[];
  /** Container ports the runner must reach (the HTTP port of an HTTP server). */
  ports: number[];
  /** Present when the server speaks Streamable HTTP instead of stdio. */
  http?: { port: number; path: string; headers: Record<string, string> };
  resources: ContainerResources;
}

export interface RemoteLaunchSpec {
  kind: "remote";
  url: string;
  transport: RemoteTransport;
  headers: Record<string, string>;
  secretHeaderNames: string[];
}

export type LaunchSpec = ContainerLaunchSpec | RemoteLaunchSpec;

export interface LaunchCredentials {
  accessToken?: string;
  /** Rendered as ISO 8601 into `${expires_at}`. */
  expiresAt?: Date;
}

export interface LaunchOptions {
  /** Images per runtime, over `DEFAULT_RUNTIME_IMAGES`; an entry's `server.image` wins over both. */
  images?: Partial<Record<Exclude<Runtime, "image">, string>>;
  /** Operator defaults; an entry's `server.resources` override them field by field. */
  resources?: ContainerResources;
  /** The image a `binary` MCP bundle is unpacked onto; default `DEFAULT_BUNDLE_BINARY_IMAGE`. */
  bundleBinaryImage?: string;
  /** Where a DXT bundle is unpacked in the container (`${__dirname}`). Default `/app`. */
  bundleDir?: string;
}

/**
 * Python servers mostly start through `uvx`, which the plain python image lacks; uv's image is
 * Debian slim with Python and uv. `binary` has no sensible default: such entries name their image.
 */
export const DEFAULT_RUNTIME_IMAGES: Readonly<Partial<Record<Runtime, string>>> = {
  node: "node:24-bookworm-slim",
  python: "ghcr.io/astral-sh/uv:python3.12-bookworm-slim",
};

/** A `binary` bundle brings its program; it only needs a base system to run on. */
export const DEFAULT_BUNDLE_BINARY_IMAGE = "debian:bookworm-slim";
