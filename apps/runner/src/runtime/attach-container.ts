import { PassThrough } from "node:stream";
import type { Duplex } from "node:stream";
import type Docker from "dockerode";
import type { LogBuffer } from "./log-buffer.ts";
import type { StdioStreams } from "@switchboard/mcp-bridge";
import { createSink } from "./stream-sink.ts";

/**
 * Attaches to a container's stdin/stdout. The container was created with OpenStdin and
 * StdinOnce=false, so detaching (or a second attach) leaves the server's stdin open.
 */
export async function attachStdio(docker: Docker, container: Docker.Container): Promise<StdioStreams> {
  const stream = (await container.attach({
    stream: true,
    stdin: true,
    stdout: true,
    stderr: false,
    hijack: true,
  })) as Duplex;
  const stdout = new PassThrough();
  // Without a TTY Docker frames output per stream even when only stdout was requested.
  docker.modem.demuxStream(
    stream,
    stdout,
    createSink(() => undefined),
  );
  stream.once("close", () => stdout.end());
  stream.once("end", () => stdout.end());
  return { stdin: stream, stdout, close: () => stream.destroy() };
}

/** Streams the container's stderr (and stdout for HTTP servers, whose stdout is not the protocol) into `buffer` until it stops. */
export async function collectLogs(
  docker: Docker,
  container: Docker.Container,
  buffer: LogBuffer,
  includeStdout: boolean,
): Promise<Duplex> {
  const stream = (await container.attach({
    stream: true,
    stdin: false,
    stdout: includeStdout,
    stderr: true,
  })) as Duplex;
  docker.modem.demuxStream(
    stream,
    createSink((chunk) => buffer.append("stdout", chunk)),
    createSink((chunk) => buffer.append("stderr", chunk)),
  );
  stream.once("close", () => buffer.flush());
  return stream;
}
