import { spawn } from "node:child_process";

export interface ReadyProcess {
  /** What the process printed after `READY `: the URL it listens on. */
  url: string;
  pid: number;
  close(): void;
}

/**
 * Runs a benchmark helper script (TypeScript, through tsx) in a process of its own and resolves
 * once it prints `READY <url>`, so that no hop shares the load generator's event loop.
 */
export function startReadyProcess(script: URL, args: string[] = []): Promise<ReadyProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", script.pathname, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const ready = /READY (\S+)/.exec(seen);
      if (ready) resolve({ url: ready[1]!, pid: child.pid!, close: () => void child.kill("SIGTERM") });
    });
    child.once("exit", (code) => reject(new Error(`${script.pathname} exited with ${code} before it was ready`)));
  });
}
