import type { Readable } from "node:stream";
import { OAuthError } from "../errors.ts";

/**
 * A response body's chunks as they stream in, counted, the response abandoned as soon as it passes
 * the limit, so a hostile server cannot exhaust memory or disk. A declared Content-Length over the
 * limit is refused at once, before any chunk is asked for.
 */
export function limitBody(
  body: Readable,
  contentLength: string | undefined,
  maxBytes: number,
  hostname: string,
): AsyncGenerator<Buffer> {
  const tooLarge = () =>
    new OAuthError("response_too_large", `The response from ${hostname} exceeded the ${maxBytes}-byte limit.`);
  if (contentLength !== undefined && Number(contentLength) > maxBytes) {
    // undici reports a body destroyed before its end as an "error" event; unheard, that event
    // would crash the process, so a server declaring a large Content-Length could stop Switchboard.
    body.on("error", () => {});
    body.destroy();
    throw tooLarge();
  }
  return (async function* () {
    let size = 0;
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > maxBytes) {
        body.destroy();
        throw tooLarge();
      }
      yield buffer;
    }
  })();
}

/** Reads a response body into memory within the limit (see `limitBody`). */
export async function readLimitedBody(
  body: Readable,
  contentLength: string | undefined,
  maxBytes: number,
  hostname: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of limitBody(body, contentLength, maxBytes, hostname)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
