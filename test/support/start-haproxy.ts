import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findFreePort } from "./find-free-port.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

export interface HaproxySettings {
  /** Lines of the `defaults` section after `mode http` (timeouts, retries, options). */
  defaults: string[];
  /** Lines of the one backend the proxy's frontend sends everything to (balance, servers). */
  backend: string[];
  /** Named in the prerequisite message when HAProxy is missing. */
  purpose: string;
}

export interface Haproxy {
  /** The proxy's origin on 127.0.0.1. */
  url: string;
  /** Its process id (to read the CPU time it spent). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Runs Debian's HAProxy in HTTP mode on a free port of 127.0.0.1, with one frontend and one
 * backend made of `settings`, for tests and benchmarks that need a real proxy hop or load balancer.
 * A missing haproxy is installed as scripts/services.sh does (scripts/lib/prerequisites.sh).
 * Resolves once the frontend accepts connections; the backend's health is the caller's to wait for.
 */
export async function startHaproxy(settings: HaproxySettings): Promise<Haproxy> {
  requireHaproxy(settings.purpose);
  const port = await findFreePort();
  const dir = await mkdtemp(join(tmpdir(), "haproxy-"));
  const config = join(dir, "haproxy.cfg");
  const lines = [
    ["global", "  maxconn 4096"],
    ["defaults", "  mode http", ...settings.defaults.map((line) => `  ${line}`)],
    ["frontend proxy", `  bind 127.0.0.1:${port}`, "  default_backend upstream"],
    ["backend upstream", ...settings.backend.map((line) => `  ${line}`)],
  ].flat();
  await writeFile(config, `${lines.join("\n")}\n`);
  const child = spawn("haproxy", ["-db", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
  const errors: string[] = [];
  child.stderr.on("data", (chunk: Buffer) => errors.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; !(await acceptsConnections(port)); attempt += 1) {
    if (child.exitCode !== null || attempt >= 200) {
      await stop();
      throw new Error(`haproxy did not listen on 127.0.0.1:${port} within 20 s: ${errors.join("").trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop };
}

function requireHaproxy(purpose: string): void {
  const check = spawnSync(
    "bash",
    ["-c", 'source scripts/lib/prerequisites.sh && require_command haproxy haproxy "$1"', "bash", purpose],
    { cwd: root, stdio: "inherit" },
  );
  if (check.status !== 0) throw new Error(`haproxy is needed for ${purpose}: apt-get install haproxy`);
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
