import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The gateway as operators run it (`node --import tsx src/main.ts`), as a child process, so a test
 * sees whether it ever exits and can SIGKILL and restart it on the same port.
 */
export async function startGatewayProcess(env: Record<string, string>) {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  /** Exits the test did not cause: each one is the failure this suite exists to catch. */
  const unexpectedExits: string[] = [];
  const output: string[] = [];
  let child: ChildProcess | undefined;

  async function start() {
    const started = spawn(process.execPath, ["--import", "tsx", MAIN], {
      // Only what the test gives it: the gateway must not pick up a developer's settings.
      env: {
        NODE_ENV: "production",
        ...env,
        GATEWAY_PORT: String(port),
        GATEWAY_HOST: "127.0.0.1",
        GATEWAY_PUBLIC_URL: `${url}/mcp`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    for (const stream of [started.stdout, started.stderr])
      stream.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    started.once("exit", (code, signal) => {
      if (child === started) unexpectedExits.push(`code ${code} signal ${signal}`);
    });
    for (;;) {
      if (started.exitCode !== null) throw new Error(`gateway exited at start:\n${output.join("")}`);
      const healthy = await fetch(`${url}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function end(signal: NodeJS.Signals) {
    const ending = child;
    child = undefined;
    if (!ending || ending.exitCode !== null) return;
    const exited = new Promise((resolve) => ending.once("exit", resolve));
    ending.kill(signal);
    await exited;
  }

  await start();
  return {
    url,
    unexpectedExits,
    output,
    /** The running gateway's process id (to read its memory). */
    pid: () => child?.pid ?? Number.NaN,
    /** SIGKILL, as a crashed host or an OOM kill would. */
    kill: () => end("SIGKILL"),
    start,
    /** SIGTERM: a graceful shutdown that writes buffered usage records first. */
    stop: () => end("SIGTERM"),
  };
}
