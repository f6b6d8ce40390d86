import { createHash, randomBytes } from "node:crypto";
import { chmod, chown, mkdir, rename, rm, statfs, writeFile } from "node:fs/promises";
import { basename, join, posix, relative } from "node:path";
import { assertConnectorId } from "./container-labels.ts";
import type { CredentialFile } from "./container-spec.ts";

const TMPFS_MAGIC = 0x01021994;
const DEFAULT_FILE_MODE = 0o400;

export interface FileOwner {
  uid: number;
  gid: number;
}

/** A host directory to bind-mount read-only at `containerDir`. */
export interface CredentialMount {
  hostDir: string;
  containerDir: string;
}

/**
 * Credential files live in a per-connector directory on a host tmpfs (RAM, never disk — how
 * Kubernetes mounts Secrets) that is bind-mounted read-only at each file's parent directory.
 * Docker's putArchive cannot do this job: into a --tmpfs mount it writes *under* the mount
 * (invisible inside) and on a read-only root it fails. Mounting the directory rather than the file
 * is what lets `rewriteFile` swap a file by rename and have the running server see the new inode.
 */
export class CredentialFileStore {
  constructor(
    private readonly rootDir: string,
    private readonly owner: FileOwner,
  ) {}

  /** Refuses a secrets directory that is not on tmpfs, so tokens never land on disk. */
  async assertOnTmpfs(): Promise<void> {
    await mkdir(this.rootDir, { recursive: true, mode: 0o700 });
    const stats = await statfs(this.rootDir);
    if (stats.type !== TMPFS_MAGIC) {
      throw new Error(`Secrets directory ${this.rootDir} is not on tmpfs; credential files must stay in RAM`);
    }
  }

  planMounts(connectorId: string, files: readonly CredentialFile[]): CredentialMount[] {
    const containerDirs = [...new Set(files.map((file) => getContainerDir(file.path)))].sort();
    return containerDirs.map((containerDir) => ({
      containerDir,
      hostDir: this.getHostDir(connectorId, containerDir),
    }));
  }

  /**
   * Writes every file, creating the mounted directories as needed. Existing directories are kept
   * (not recreated) because a running container's bind mount refers to them.
   */
  async writeFiles(connectorId: string, files: readonly CredentialFile[]): Promise<void> {
    const mounts = this.planMounts(connectorId, files);
    await mkdir(this.getConnectorDir(connectorId), { recursive: true, mode: 0o700 });
    for (const mount of mounts) {
      await mkdir(mount.hostDir, { recursive: true });
      await chmod(mount.hostDir, 0o500);
      await chown(mount.hostDir, this.owner.uid, this.owner.gid);
    }
    await createNestedMountPoints(mounts);
    for (const file of files) await this.rewriteFile(connectorId, file.path, file.content, file.mode);
  }

  /** Atomically swaps one file's content (temp file + rename in the same directory); running containers see it at once. */
  async rewriteFile(connectorId: string, path: string, content: string, mode = DEFAULT_FILE_MODE): Promise<void> {
    const hostDir = this.getHostDir(connectorId, getContainerDir(path));
    const target = join(hostDir, basename(path));
    const temporary = join(hostDir, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await writeFile(temporary, content, { mode, flag: "wx" });
      await chown(temporary, this.owner.uid, this.owner.gid);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async removeFiles(connectorId: string): Promise<void> {
    await rm(this.getConnectorDir(connectorId), { recursive: true, force: true });
  }

  getConnectorDir(connectorId: string): string {
    assertConnectorId(connectorId);
    return join(this.rootDir, connectorId);
  }

  private getHostDir(connectorId: string, containerDir: string): string {
    const name = createHash("sha256").update(containerDir).digest("hex").slice(0, 16);
    return join(this.getConnectorDir(connectorId), name);
  }
}

function getContainerDir(path: string): string {
  const normalized = posix.normalize(path);
  const dir = posix.dirname(normalized);
  if (!posix.isAbsolute(path) || normalized !== path || path.endsWith("/") || dir === "/") {
    throw new Error(`Credential file path must be absolute, normalized and not at the root: ${JSON.stringify(path)}`);
  }
  // /tmp already is the container's scratch tmpfs; Docker rejects a second mount at the same point.
  if (dir === "/tmp") throw new Error(`Credential files cannot live directly in /tmp: ${JSON.stringify(path)}`);
  return dir;
}

/** When one mounted directory contains another, the inner mount point must exist in the outer host directory. */
async function createNestedMountPoints(mounts: readonly CredentialMount[]): Promise<void> {
  for (const inner of mounts) {
    for (const outer of mounts) {
      if (inner === outer || !inner.containerDir.startsWith(`${outer.containerDir}/`)) continue;
      await mkdir(join(outer.hostDir, relative(outer.containerDir, inner.containerDir)), {
        recursive: true,
        mode: 0o555,
      });
    }
  }
}
