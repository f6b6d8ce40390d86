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
  const body = await readRequestBody(request, maxBytes);
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new BodyError(400, "Request body is not valid JSON.");
  }
}

/** Reads a request body of at most `maxBytes`, refusing a larger one as early as it can tell. */
export function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  // Plain stream events: an async iterator per request costs more than the usual one-chunk body.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else {
        request.removeAllListeners("data");
        request.resume();
        reject(tooLarge(maxBytes));
      }
    });
    request.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.once("error", reject);
  });
}

function tooLarge(maxBytes: number): BodyError {
  return new BodyError(413, `Request body larger than ${maxBytes} bytes.`);
}
