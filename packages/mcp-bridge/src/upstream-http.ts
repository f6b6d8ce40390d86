import { request, type Dispatcher } from "undici";

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

/** undici's reply as an `HttpReply`; a class, so a call allocates one object and no closures. */
class PooledReply implements HttpReply {
  readonly status: number;
  readonly contentType: string;

  constructor(private readonly reply: Dispatcher.ResponseData) {
    this.status = reply.statusCode;
    this.contentType = String(reply.headers["content-type"] ?? "");
  }

  read(onText: (text: string) => void): Promise<void> {
    const body = this.reply.body;
    return new Promise((resolve, reject) => {
      body.setEncoding("utf8");
      body.on("data", onText).once("end", resolve).on("error", reject);
    });
  }

  // Not `destroy()`: on a body that has fully arrived it emits an 'error' (RequestAbortedError)
  // nobody listens to, which ends the process (issue 19). `dump` reads a small rest to the end
  // (the connection stays reusable) and swallows the error of a large one it gives up on.
  discard(): void {
    this.reply.body.dump().catch(() => undefined);
  }
}

/**
 * Posts through one keep-alive connection pool with undici's request API, which costs a fraction
 * of `fetch` per call: the path every call to a runner's bridge takes.
 */
export function createPooledPost(dispatcher: Dispatcher): HttpPost {
  return async (url, headers, body, signal) =>
    new PooledReply(await request(url, { method: "POST", headers, body, signal, dispatcher }));
}
