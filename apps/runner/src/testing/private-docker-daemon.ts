import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Docker from "dockerode";
import { followProgress } from "../runtime/follow-progress.ts";

const READY_TIMEOUT_MS = 60_000;

/**
 * A dockerd of a test's own, which it may stop and start without disturbing the host's daemon or
 * other tests: its own data, exec root and socket, and its own network namespace. The namespace
 * matters: a second dockerd in the host's namespace deletes `docker0` (the host daemon's default
 * bridge) when started without a bridge of its own, and picks subnets that collide with the host
 * daemon's. Its containers have no way out (nothing connects the namespace to the host), which
 * stdio servers do not need, and this host's iptables rules do not govern them.
 */
export interface PrivateDockerDaemon {
  docker: Docker;
  /** Stops dockerd like a service restart would (SIGTERM); without live-restore its containers stop too. */
  stop(): Promise<void>;
  /** Starts it again on the same data. */
  start(): Promise<void>;
  /** Copies images from another daemon (docker save | docker load). */
  loadImages(from: Docker, tags: readonly string[]): Promise<void>;
  /** Removes its containers, stops it and deletes its data. */
  destroy(): Promise<void>;
}

export async function startPrivateDockerDaemon(): Promise<PrivateDockerDaemon> {
  // Short: containerd's socket lives under the exec root, and unix socket paths are limited to 107 bytes.
  const dir = await mkdtemp("/tmp/sbd-");
  const socketPath = join(dir, "docker.sock");
  const configFile = join(dir, "daemon.json");
  await writeFile(configFile, "{}");
  const args = [
    ...["--net", "--", "dockerd"],
    ...["--data-root", join(dir, "data"), "--exec-root", join(dir, "exec"), "--pidfile", join(dir, "docker.pid")],
    ...["--host", `unix://${socketPath}`, "--config-file", configFile],
    ...["--bridge", "none", "--iptables=false", "--live-restore=false"],
  ];
  const docker = new Docker({ socketPath });
  let daemon: ChildProcess | undefined;
  let output = "";

  async function start(): Promise<void> {
    // unshare execs dockerd in a new network namespace (no fork), so the child is dockerd itself.
    const child = spawn("unshare", args, { stdio: ["ignore", "ignore", "pipe"] });
    daemon = child;
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output = (output + chunk).slice(-10_000)));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`private dockerd exited (${child.exitCode}):\n${output}`);
      try {
        await docker.ping();
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`private dockerd did not answer in time:\n${output}`, { cause: error });
        await sleep(200);
      }
    }
  }

  async function stop(): Promise<void> {
    const child = daemon;
    daemon = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  }

  await start();
  return {
    docker,
    stop,
    start,
    async loadImages(from, tags) {
      // One archive for all tags, so shared layers travel once; @types/dockerode lacks this method.
      const exporter = from as Docker & { getImages(options: { names: string[] }): Promise<NodeJS.ReadableStream> };
      const archive = await exporter.getImages({ names: [...tags] });
      await followProgress(docker, await docker.loadImage(archive), `Loading ${tags.join(", ")}`);
    },
    async destroy() {
      if (daemon) {
        for (const container of await docker.listContainers({ all: true })) {
          await docker.getContainer(container.Id).remove({ force: true, v: true });
        }
      }
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
