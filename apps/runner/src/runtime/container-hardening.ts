import type { ContainerResources } from "./container-spec.ts";
import type { FileOwner } from "./credential-files.ts";

export interface ContainerHardening {
  /** Numeric `uid:gid`: credential files are chowned to it, and images need no passwd entry for it. */
  user: string;
  /** Runs Docker's tiny init as PID 1 so signals reach the server and zombies are reaped. */
  init: boolean;
  tmpfsSizeBytes: number;
  /** Mount options of the /tmp scratch tmpfs. noexec also blocks native addons dlopen'ed from there. */
  tmpfsOptions: string;
  defaultResources: ContainerResources;
  /** Env every container gets unless the launch overrides it: HOME must be writable on a read-only root. */
  defaultEnv: Record<string, string>;
}

export const DEFAULT_HARDENING: ContainerHardening = {
  user: "65532:65532",
  init: true,
  tmpfsSizeBytes: 64 * 1024 * 1024,
  tmpfsOptions: "noexec,nosuid,nodev",
  defaultResources: { memoryBytes: 512 * 1024 * 1024, nanoCpus: 1_000_000_000, pidsLimit: 256 },
  defaultEnv: { HOME: "/tmp" },
};

export function parseNumericUser(user: string): FileOwner {
  const match = /^(\d+):(\d+)$/.exec(user);
  if (!match) throw new Error(`Container user must be numeric uid:gid, got ${JSON.stringify(user)}`);
  const owner = { uid: Number(match[1]), gid: Number(match[2]) };
  if (owner.uid === 0) throw new Error("Containers must not run as root (uid 0)");
  return owner;
}
