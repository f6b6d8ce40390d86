import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A redis-server of a test's own, persisting every write (AOF, fsync always), that it can crash and restart. */
export interface PrivateRedis {
  url: string;
  /** Ends the server: SIGKILL is a crash, SIGTERM a clean shutdown. */
  stop(signal?: "SIGKILL" | "SIGTERM"): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops it for good and deletes its data. */
  destroy(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), "sb-redis-"));
  const port = await findFreePort();
  const args = [
    ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir],
    ...["--appendonly", "yes", "--appendfsync", "always", "--save", ""],
    ...["--maxmemory-policy", "noeviction"],
  ];
  let server: ChildProcess | undefined;

  async function start(): Promise<void> {
    const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "inherit"] });
    server = child;
    let output = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        output += chunk;
        if (output.includes("Ready to accept connections")) resolve();
      });
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
    });
    child.stdout.resume();
  }

  async function stop(signal: "SIGKILL" | "SIGTERM" = "SIGKILL"): Promise<void> {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill(signal);
    await exited;
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    async destroy() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function findFreePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  probe.close();
  if (!address || typeof address === "string") throw new Error("Could not find a free port");
  return address.port;
}
