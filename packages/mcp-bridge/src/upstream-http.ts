import type { IncomingHttpHeaders } from "node:http";
import { StringDecoder } from "node:string_decoder";
import type { Dispatcher } from "undici";

export interface HttpReply {
  status: number;
  contentType: string;
  /** Passes the body to `onText` as it arrives and resolves at its end; read it to the end (or `discard` it) so the connection can be reused. */
  read(onText: (text: string) => void): Promise<void>;
  discard(): void;
}

/**
 * One HTTP POST with a text body; the reply is returned once its headers arrive. `signal` aborts
 * the request and the reading of its reply.
 */
export type HttpPost = (
  url: URL,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
) => Promise<HttpReply>;

/** A discarded reply larger than this is cut off (its connection closed) instead of read to its end. */
const DISCARD_LIMIT_BYTES = 128 * 1024;
/**
 * The largest reply an upstream may send to one call (a tool's images included): a connector, a
 * remote server especially, must not fill the gateway's memory with one answer.
 */
export const DEFAULT_MAX_REPLY_BYTES = 32 * 1024 * 1024;

/**
 * One exchange as undici's dispatch handler and, once the headers arrived, its `HttpReply`. The
 * body goes straight to the reader as text: no stream, no async resource per call, which is most
 * of what undici's `request` adds to a small exchange.
 */
class PooledExchange implements Dispatcher.DispatchHandler, HttpReply {
  status = 0;
  contentType = "";
  private controller: Dispatcher.DispatchController | undefined;
  private decoder: StringDecoder | undefined;
  /** Body text that arrived before `read` was called. */
  private early = "";
  private onText: ((text: string) => void) | undefined;
  /** Bytes arrived since `discard`, or undefined while the body is wanted. */
  private discarded: number | undefined;
  /** Body bytes arrived while the body is wanted. */
  private received = 0;
  private done = false;
  private failure: Error | undefined;
  private reading: { resolve: () => void; reject: (error: Error) => void } | undefined;

  constructor(
    private readonly signal: AbortSignal,
    private readonly started: { resolve: (reply: HttpReply) => void; reject: (error: Error) => void },
    private readonly maxReplyBytes: number,
  ) {
    signal.addEventListener("abort", this.abort);
  }

  private readonly abort = () => {
    const reason = this.signal.reason instanceof Error ? this.signal.reason : new Error(String(this.signal.reason));
    this.controller?.abort(reason);
    this.fail(reason);
  };

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Aborted while queued for a connection: it must not go out (a cancelled tool call would run).
    // Thrown, not `controller.abort`, which would also destroy the connection it was handed.
    if (this.failure) throw this.failure;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders): void {
    if (status < 200) return;
    this.status = status;
    const contentType = headers["content-type"];
    this.contentType = typeof contentType === "string" ? contentType : "";
    this.started.resolve(this);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.failure) return;
    if (this.discarded !== undefined) {
      this.discarded += chunk.length;
      if (this.discarded > DISCARD_LIMIT_BYTES) controller.abort(new Error("discarded reply too large"));
      return;
    }
    this.received += chunk.length;
    if (this.received > this.maxReplyBytes) {
      const tooLarge = new Error(`the upstream's reply is larger than ${this.maxReplyBytes / 1024 / 1024} MiB`);
      controller.abort(tooLarge);
      return this.fail(tooLarge);
    }
    const text = (this.decoder ??= new StringDecoder("utf8")).write(chunk);
    if (this.onText) this.onText(text);
    else this.early += text;
  }

  onResponseEnd(): void {
    this.done = true;
    this.signal.removeEventListener("abort", this.abort);
    this.reading?.resolve();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  read(onText: (text: string) => void): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.early) onText(this.early);
    this.early = "";
    if (this.done) return Promise.resolve();
    this.onText = onText;
    return new Promise((resolve, reject) => {
      this.reading = { resolve, reject };
    });
  }

  // Reads a small rest to its end, so the connection stays reusable, and cuts off a large one;
  // whatever fails afterwards concerns nobody.
  discard(): void {
    this.discarded = 0;
    this.early = "";
    this.reading = undefined;
  }

  /** The exchange ends with `error`: a post still waiting for headers, or a read under way, rejects. */
  fail(error: Error): void {
    if (this.done) return;
    this.done = true;
    this.failure = error;
    this.signal.removeEventListener("abort", this.abort);
    // Before the headers: the post fails; while reading: the read does; later reads see `failure`.
    this.started.reject(error);
    this.reading?.reject(error);
  }
}

/**
 * Posts through one keep-alive connection pool with undici's dispatcher, which costs a fraction
 * of `fetch` (and of undici's own `request`) per call: the path every call to an upstream takes.
 */
export function createPooledPost(dispatcher: Dispatcher, maxReplyBytes = DEFAULT_MAX_REPLY_BYTES): HttpPost {
  return (url, headers, body, signal) =>
    new Promise((resolve, reject) => {
      signal.throwIfAborted();
      const exchange = new PooledExchange(signal, { resolve, reject }, maxReplyBytes);
      try {
        dispatcher.dispatch(
          { origin: url.origin, path: `${url.pathname}${url.search}`, method: "POST", headers, body },
          exchange,
        );
      } catch (error) {
        exchange.fail(error as Error);
      }
    });
}
