import { mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CredentialFileStore } from "./credential-files.ts";

// Runs on /dev/shm (tmpfs on Linux) with the current user as owner, so no root is needed.
const owner = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
let rootDir: string;
let store: CredentialFileStore;

beforeEach(async () => {
  rootDir = await mkdtemp("/dev/shm/sb-credential-files-test-");
  store = new CredentialFileStore(rootDir, owner);
});

afterEach(async () => {
  await rm(rootDir, { recursive: true, force: true });
});

describe("CredentialFileStore", () => {
  it("accepts a tmpfs directory and refuses one on disk", async () => {
    await expect(store.assertOnTmpfs()).resolves.toBeUndefined();
    await expect(new CredentialFileStore(import.meta.dirname, owner).assertOnTmpfs()).rejects.toThrow(/not on tmpfs/);
  });

  it("writes owner-read-only files into one read-only mount per parent directory", async () => {
    const files = [
      { path: "/home/app/.config/creds.json", content: "{}" },
      { path: "/home/app/.config/extra.txt", content: "x" },
      { path: "/etc/app/token", content: "t", mode: 0o440 },
    ];
    await store.writeFiles("inst1", files);
    const mounts = store.planMounts("inst1", files);

    expect(mounts.map((mount) => mount.containerDir)).toEqual(["/etc/app", "/home/app/.config"]);
    const configDir = mounts[1]!.hostDir;
    expect((await readdir(configDir)).sort()).toEqual(["creds.json", "extra.txt"]);
    expect((await stat(join(configDir, "creds.json"))).mode & 0o777).toBe(0o400);
    expect((await stat(join(mounts[0]!.hostDir, "token"))).mode & 0o777).toBe(0o440);
    expect((await stat(configDir)).mode & 0o777).toBe(0o500);
  });

  it("replaces a file by rename, leaving no temporary file behind", async () => {
    const path = "/home/app/.config/creds.json";
    await store.writeFiles("inst1", [{ path, content: "old" }]);
    const hostFile = join(store.planMounts("inst1", [{ path, content: "" }])[0]!.hostDir, "creds.json");
    const before = await stat(hostFile);

    await store.rewriteFile("inst1", path, "new");

    expect(await readFile(hostFile, "utf8")).toBe("new");
    expect((await stat(hostFile)).ino).not.toBe(before.ino);
    expect(await readdir(join(hostFile, ".."))).toEqual(["creds.json"]);
  });

  it("creates the mount point of a nested directory inside the outer one", async () => {
    const files = [
      { path: "/srv/app/a.json", content: "a" },
      { path: "/srv/app/nested/b.json", content: "b" },
    ];
    await store.writeFiles("inst1", files);
    const [outer] = store.planMounts("inst1", files);

    expect((await readdir(outer!.hostDir)).sort()).toEqual(["a.json", "nested"]);
  });

  it("rejects paths that are relative, unnormalized, at the root or directly in /tmp", () => {
    for (const path of ["creds.json", "/a/../etc/creds", "/creds.json", "/tmp/creds.json", "/a/dir/"]) {
      expect(() => store.planMounts("inst1", [{ path, content: "" }])).toThrow();
    }
  });

  it("removes a connector's directory", async () => {
    await store.writeFiles("inst1", [{ path: "/home/app/creds.json", content: "x" }]);

    await store.removeFiles("inst1");

    expect(await readdir(rootDir)).toEqual([]);
  });
});
