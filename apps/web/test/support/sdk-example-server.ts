import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { createRequire } from "node:module";

export interface SdkExampleServer {
  /** The MCP endpoint under the name the server gives itself in its metadata: `http://localhost:<port>/mcp`. */
  mcpUrl: string;
  /** Its authorization server, `http://localhost:<port>/` (the issuer, with the SDK's trailing slash). */
  issuer: string;
  /** `localhost:<port>` of both servers, for an SSRF allowlist. */
  hosts: string[];
  mcpPort: number;
  authPort: number;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

const READY = [/MCP Streamable HTTP Server listening on port/, /OAuth Authorization Server listening on port/];

/**
 * Runs the MCP SDK's OAuth-protected example (`simpleStreamableHttp.js --oauth`) as a child
 * process on two free ports and resolves once both of its servers listen. Its authorization
 * server approves every request without a login and issues no refresh tokens.
 */
export async function startSdkExampleServer(options: { startupTimeoutMs?: number } = {}): Promise<SdkExampleServer> {
  // `require` resolves into dist/cjs; the example's ESM build sits beside it in dist/esm.
  const clientEntry = createRequire(import.meta.url).resolve("@modelcontextprotocol/sdk/client/index.js");
  const script = path.resolve(path.dirname(clientEntry), "../../esm/examples/server/simpleStreamableHttp.js");
  const [mcpPort, authPort] = await Promise.all([freePort(), freePort()]);
  const child = spawn(process.execPath, [script, "--oauth"], {
    // Only what the example reads: nothing of the test's own environment reaches it.
    env: { NODE_ENV: "test", MCP_PORT: String(mcpPort), MCP_AUTH_PORT: String(authPort) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => void (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => void (output += chunk));

  try {
    await waitUntilReady(child, () => output, options.startupTimeoutMs ?? 20_000);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return {
    mcpUrl: `http://localhost:${mcpPort}/mcp`,
    issuer: `http://localhost:${authPort}/`,
    hosts: [`localhost:${mcpPort}`, `localhost:${authPort}`],
    mcpPort,
    authPort,
    output: () => output,
    close: () => stop(child),
  };
}

async function waitUntilReady(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!READY.every((line) => line.test(output()))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The SDK example server exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    if (Date.now() > deadline) throw new Error(`The SDK example server did not start in ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}

/** A port the OS hands out as free right now; the example binds it moments later. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
