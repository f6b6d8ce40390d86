/**
 * The other hops the peers benchmark puts in front of the same upstream: a plain HAProxy (the
 * cost of any HTTP proxy hop), the least a Node.js proxy does, and supergateway from npm, installed at bench time into a cache
 * outside the repository (not a project dependency).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "../../test/support/find-free-port.ts";
import { startHaproxy } from "../../test/support/start-haproxy.ts";
import { startReadyProcess } from "./ready-process.ts";

export const SUPERGATEWAY_VERSION = "4.0.0";
const peersCache = process.env.BENCH_PEERS_CACHE ?? join(homedir(), ".cache", "switchboard", "bench-peers");

export interface Hop {
  /** The MCP endpoint clients use. */
  url: string;
  /** The hop's one process, whose CPU time a round reads; none for a hop of several processes. */
  pid?: number;
  stop(): void | Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, name: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before listening`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createServer().listen(port, "127.0.0.1");
      socket.once("listening", () => socket.close(() => resolve(false)));
      socket.once("error", () => resolve(true));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGTERM");
  throw new Error(`${name} did not listen on ${port} within 20 s`);
}

/** HAProxy in HTTP mode with keep-alive to the upstream: what a plain, well-tuned proxy hop costs. */
export async function startHaproxyHop(upstream: string): Promise<Hop> {
  const haproxy = await startHaproxy({
    purpose: "the HAProxy hop of bench/gateway-vs-peers.ts",
    defaults: ["timeout connect 5s", "timeout client 60s", "timeout server 60s", "option http-keep-alive"],
    backend: ["http-reuse always", `server echo ${new URL(upstream).host} maxconn 1000`],
  });
  return { url: `${haproxy.url}/mcp`, pid: haproxy.pid, stop: haproxy.stop };
}

/** The least a Node.js proxy does (bench/support/node-hop-process.ts): the floor for any gateway written in Node. */
export async function startNodeHop(upstream: string): Promise<Hop> {
  const hop = await startReadyProcess(new URL("./node-hop-process.ts", import.meta.url), [upstream]);
  return { url: hop.url, pid: hop.pid, stop: hop.close };
}

/**
 * supergateway in front of a Streamable HTTP server: it bridges remote servers only to stdio, so
 * a stateful stdio→Streamable HTTP supergateway runs one `supergateway --streamableHttp` child per
 * session — how it fronts a remote server.
 */
export async function startSupergateway(upstream: string): Promise<Hop> {
  const bin = join(peersCache, "node_modules", "supergateway", "dist", "index.js");
  if (!existsSync(bin)) {
    await mkdir(peersCache, { recursive: true });
    console.log(`[bench] installing supergateway@${SUPERGATEWAY_VERSION} into ${peersCache}`);
    const install = spawnSync(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefix", peersCache, `supergateway@${SUPERGATEWAY_VERSION}`],
      { stdio: "inherit" },
    );
    if (install.status !== 0 || !existsSync(bin)) throw new Error(`installing supergateway into ${peersCache} failed`);
  }
  const port = await findFreePort();
  const inner = `${process.execPath} ${bin} --streamableHttp ${upstream} --logLevel none`;
  const child = spawn(
    process.execPath,
    [
      bin,
      "--stdio",
      inner,
      "--outputTransport",
      "streamableHttp",
      "--stateful",
      "--port",
      String(port),
      "--logLevel",
      "none",
    ],
    // Its own process group, so stopping it also ends the per-session children.
    { stdio: ["ignore", "ignore", "inherit"], detached: true },
  );
  await waitForPort(port, child, "supergateway");
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    stop: () => {
      process.kill(-child.pid!, "SIGTERM");
    },
  };
}
