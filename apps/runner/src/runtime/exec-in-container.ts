import { finished } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { Duplex } from "node:stream";
import type Docker from "dockerode";
import type { ExecOptions, ExecResult } from "./runtime.ts";
import { createSink } from "./stream-sink.ts";

const DEFAULT_EXEC_TIMEOUT_MS = 30_000;

/** Runs a command in a running container (as the container's user) and collects its output. */
export async function execInContainer(
  docker: Docker,
  container: Docker.Container,
  command: string[],
  { input, timeoutMs = DEFAULT_EXEC_TIMEOUT_MS }: ExecOptions = {},
): Promise<ExecResult> {
  const hasInput = input !== undefined;
  const exec = await container.exec({
    Cmd: command,
    AttachStdin: hasInput,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const stream = (await exec.start({ hijack: true, stdin: hasInput })) as Duplex;
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  docker.modem.demuxStream(
    stream,
    createSink((chunk) => stdout.push(chunk)),
    createSink((chunk) => stderr.push(chunk)),
  );
  // Ending the write side half-closes the hijacked socket, which Docker turns into EOF on stdin.
  if (hasInput) stream.end(input);
  const timer = setTimeout(() => stream.destroy(new Error(`exec timed out after ${timeoutMs} ms`)), timeoutMs);
  try {
    await finished(stream, { writable: false });
  } finally {
    clearTimeout(timer);
  }
  return {
    exitCode: await waitForExitCode(exec),
    stdout: Buffer.concat(stdout).toString(),
    stderr: Buffer.concat(stderr).toString(),
  };
}

/** The output stream can close a moment before Docker records the exit code. */
async function waitForExitCode(exec: Docker.Exec): Promise<number> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const { Running, ExitCode } = await exec.inspect();
    if (!Running && ExitCode !== null) return ExitCode;
    await sleep(25);
  }
  throw new Error("exec finished its output but reported no exit code");
}
