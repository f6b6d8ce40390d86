import type { Readable } from "node:stream";
import { OAuthError } from "../errors.ts";

/**
 * Reads a response body into memory, counting bytes as they stream in and abandoning the
 * response as soon as it passes the limit, so a hostile server cannot exhaust memory.
 */
export async function readLimitedBody(
  body: Readable,
  contentLength: string | undefined,
  maxBytes: number,
  hostname: string,
): Promise<Buffer> {
  const tooLarge = () =>
    new OAuthError("response_too_large", `The response from ${hostname} exceeded the ${maxBytes}-byte limit.`);
  if (contentLength !== undefined && Number(contentLength) > maxBytes) {
    // undici reports a body destroyed before its end as an "error" event; unheard, that event
    // would crash the process, so a server declaring a large Content-Length could stop Switchboard.
    body.on("error", () => {});
    body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
