import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { ReadBuffer, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/** A container's stdin/stdout (stderr goes to the log buffer). `close` detaches without stopping the container. */
export interface StdioStreams {
  stdin: Writable;
  stdout: Readable;
  close(): void;
}

/** An MCP transport over an attached container's stdin/stdout: newline-delimited JSON-RPC, as in the stdio spec. */
export class StdioContainerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly readBuffer = new ReadBuffer();
  private closed = false;

  constructor(private readonly streams: StdioStreams) {}

  async start(): Promise<void> {
    this.streams.stdout.on("data", this.handleData);
    this.streams.stdout.once("end", this.handleEnd);
    this.streams.stdin.on("error", this.handleError);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error("Container stdio transport is closed");
    // Honour backpressure: a slow server must not make the runner buffer without bound.
    if (!this.streams.stdin.write(serializeMessage(message))) await waitForDrain(this.streams.stdin);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.streams.stdout.off("data", this.handleData);
    this.streams.stdout.off("end", this.handleEnd);
    this.streams.stdin.off("error", this.handleError);
    this.streams.close();
    this.readBuffer.clear();
    this.onclose?.();
  }

  private readonly handleData = (chunk: Buffer): void => {
    try {
      this.readBuffer.append(chunk);
    } catch (error) {
      // An over-long line without newline: the buffer was dropped, reading resumes at the next data.
      this.reportError(error);
      return;
    }
    for (;;) {
      try {
        const message = this.readBuffer.readMessage();
        if (!message) return;
        this.onmessage?.(message);
      } catch (error) {
        // A non-JSON line (a server logging to stdout) is reported and skipped, as the SDK's stdio client does.
        this.reportError(error);
      }
    }
  };

  private reportError(error: unknown): void {
    this.onerror?.(error instanceof Error ? error : new Error(String(error)));
  }

  private readonly handleEnd = (): void => {
    void this.close();
  };

  private readonly handleError = (error: Error): void => {
    this.onerror?.(error);
  };
}

/** Resolves on 'drain', or on 'close' so a sender never hangs on a detached container. */
async function waitForDrain(stream: Writable): Promise<void> {
  const abort = new AbortController();
  try {
    await Promise.race([
      once(stream, "drain", { signal: abort.signal }),
      once(stream, "close", { signal: abort.signal }),
    ]);
  } finally {
    abort.abort();
  }
}
