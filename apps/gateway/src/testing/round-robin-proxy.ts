import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "./gateway-process.ts";

/**
 * HAProxy (Debian's; scripts/services.sh installs it) balancing every request round-robin over
 * `backends`, with no stickiness of any kind, as an operator would put it in front of several
 * gateways. A backend that refuses connections is marked down by its health check (`/health`,
 * every 500 ms) and a request that could not connect is sent to another one (`redispatch`); a
 * request already sent to a backend that dies is not retried (it may have had effects): the client
 * gets HAProxy's 502 or sees the connection closed.
 */
export async function startRoundRobinProxy(backends: string[]) {
  const port = await findFreePort();
  const dir = await mkdtemp(join(tmpdir(), "gateway-haproxy-"));
  const config = join(dir, "haproxy.cfg");
  await writeFile(
    config,
    [
      "global",
      "  maxconn 4096",
      "defaults",
      "  mode http",
      "  timeout connect 1s",
      // A busy gateway is slow, not down; a dead one refuses connections at once.
      "  timeout check 5s",
      // Event streams stay open for a session's life.
      "  timeout client 120s",
      "  timeout server 120s",
      "  retries 3",
      "  option redispatch 1",
      "frontend mcp",
      `  bind 127.0.0.1:${port}`,
      "  default_backend gateways",
      "backend gateways",
      "  balance roundrobin",
      "  option httpchk GET /health",
      "  default-server check inter 500 fall 2 rise 1",
      ...backends.map((backend, index) => `  server gateway${index} ${new URL(backend).host}`),
      "",
    ].join("\n"),
  );
  const child = spawn("haproxy", ["-db", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
  const errors: string[] = [];
  child.stderr.on("data", (chunk: Buffer) => errors.push(chunk.toString()));
  const spawned = new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", (error) =>
      reject(
        new Error(`haproxy could not start (apt-get install haproxy; scripts/services.sh does): ${error.message}`),
      ),
    );
  });
  await spawned;
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${errors.join("")}`);
    const up = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (attempt > 100) throw new Error(`haproxy did not answer within 10 s: ${errors.join("")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    /** The proxy's origin; the MCP endpoint is `${url}/mcp`. */
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
