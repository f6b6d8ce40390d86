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
  const text = await readText(request, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, "Request body is not valid JSON.");
  }
}

// Plain stream events: an async iterator per request costs more than the usual one-chunk body.
function readText(request: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else {
        request.removeAllListeners("data");
        request.resume();
        reject(new BodyError(413, `Request body larger than ${maxBytes} bytes.`));
      }
    });
    request.once("end", () =>
      resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8")),
    );
    request.once("error", reject);
  });
}
