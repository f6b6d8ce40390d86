import type { z } from "zod";
import { AppError } from "@/server/errors.ts";
import { parseInput } from "@/server/parse-input.ts";

/** Requests carry a few settings, never documents. */
const MAX_BODY_BYTES = 64 * 1024;

const tooLarge = () => new AppError("invalid_input", `The request body is over ${MAX_BODY_BYTES / 1024} KiB.`);

/**
 * The request's JSON body checked against `schema`; too large, not JSON or a mismatch is a 400
 * saying which. The body is read as it streams and dropped past the limit, whatever length it declares.
 */
export async function readJsonBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
): Promise<z.output<Schema>> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader?.cancel();
      throw tooLarge();
    }
    chunks.push(read.value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  let body: unknown;
  try {
    body = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "The request body is not JSON.");
  }
  return parseInput(schema, body);
}
