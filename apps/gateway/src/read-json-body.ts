import type { IncomingMessage } from "node:http";

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a JSON request body, refusing more than `maxBytes` before buffering it all. */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (request.method !== "POST") return undefined;
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > maxBytes) throw new BodyError(413, `Request body larger than ${maxBytes} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyError(413, `Request body larger than ${maxBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new BodyError(400, "Request body is not valid JSON.");
  }
}
