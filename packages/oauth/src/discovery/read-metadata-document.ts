import type { z } from "zod";
import { OAuthError } from "../errors.ts";

/** Parses a metadata document; any malformed body becomes `invalid_metadata` naming the host. */
export async function readMetadataDocument<Schema extends z.ZodType>(
  response: Response,
  schema: Schema,
  description: string,
  url: string,
): Promise<z.infer<Schema>> {
  const host = new URL(url).host;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new OAuthError("invalid_metadata", `The ${description} at ${host} is not JSON.`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join(".") || "(document)"))].join(", ");
    throw new OAuthError("invalid_metadata", `The ${description} at ${host} is invalid (${fields}).`);
  }
  return parsed.data;
}

export const JSON_REQUEST: RequestInit = { headers: { accept: "application/json" } };
