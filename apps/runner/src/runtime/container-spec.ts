/** A file the server reads its credentials from, e.g. a token JSON at `/home/app/.config/x/creds.json`. */
export interface CredentialFile {
  /** Absolute path inside the container. Its parent directory becomes a read-only mount. */
  path: string;
  content: string;
  /** File mode; the runtime writes credential files owner-read-only (0o400) unless told otherwise. */
  mode?: number;
}

export interface ContainerResources {
  memoryBytes: number;
  nanoCpus: number;
  pidsLimit: number;
}

/** What the runner needs to run one connector's MCP server; produced from a catalog launch spec. */
export interface ContainerLaunch {
  connectorId: string;
  runnerId: string;
  image: string;
  /** Replaces the image entrypoint when non-empty. */
  command: string[];
  args: string[];
  /** Positions of `args` that hold a secret (a server that takes its credential only as a flag). */
  secretArgIndexes?: number[];
  /** Secret values live here: the runtime passes them to Docker only, never to a logger. */
  env: Record<string, string>;
  /** The decrypted values among env, files and args, cut out of the container's logs. */
  secrets?: readonly string[];
  files: CredentialFile[];
  /** Present when the server speaks Streamable HTTP on `port`/`path` instead of stdio. */
  http?: { port: number; path: string };
  /** Missing fields take the runtime's defaults. */
  resources?: Partial<ContainerResources>;
}
