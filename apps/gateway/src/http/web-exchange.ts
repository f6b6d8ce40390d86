import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

/**
 * A Node request as a fetch `Request` with its headers and no body: the gateway has already read
 * and parsed the body, which handlers get as `parsedBody`. The signal aborts when the client goes
 * away before its answer is complete.
 */
export function toWebRequest(request: IncomingMessage, response: ServerResponse): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const abort = new AbortController();
  response.once("close", () => {
    if (!response.writableFinished) abort.abort();
  });
  return new Request(new URL(request.url ?? "/", "http://gateway.invalid"), {
    method: request.method ?? "GET",
    headers,
    signal: abort.signal,
  });
}

/**
 * Writes a fetch `Response` to a Node response. Headers go out at once, so a client waiting on an
 * event stream that stays quiet for a while still sees it open.
 */
export async function sendWebResponse(response: ServerResponse, reply: Response): Promise<void> {
  response.writeHead(reply.status, Object.fromEntries(reply.headers));
  if (!reply.body) return void response.end();
  response.flushHeaders();
  // A stream that errors (the client went away mid-answer, a handler failed) must end this
  // response, never the process: `pipe` would leave the error unhandled.
  await pipeline(Readable.fromWeb(reply.body as NodeReadableStream), response).catch(() => undefined);
}
