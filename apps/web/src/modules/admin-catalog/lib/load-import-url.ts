import { isOAuthError, type GuardedFetch } from "@switchboard/oauth";
import { z } from "zod";
import { requireInstanceAdmin, type Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";

const urlSchema = z.url({ protocol: /^https?$/ }).max(2000);

/**
 * Where a document's own text is: a GitHub page showing a file (`github.com/<owner>/<repo>/blob/…`)
 * is HTML around it; its raw text is at raw.githubusercontent.com.
 */
export function toDocumentTextUrl(url: URL): URL {
  const blob = /^\/([^/]+)\/([^/]+)\/blob\/(.+)$/.exec(url.pathname);
  if (url.hostname !== "github.com" || !blob) return url;
  return new URL(`https://raw.githubusercontent.com/${blob[1]}/${blob[2]}/${blob[3]}`);
}

/**
 * The text of a catalog document an admin names by its address (a config in a repository, a
 * registry's server.json), for the import preview: fetched through the SSRF guard.
 */
export async function loadImportUrl(actor: Actor, rawUrl: unknown, fetchDocument: GuardedFetch): Promise<string> {
  requireInstanceAdmin(actor);
  const parsed = urlSchema.safeParse(typeof rawUrl === "string" ? rawUrl.trim() : rawUrl);
  if (!parsed.success) throw new AppError("invalid_input", "Enter the http(s) address of a catalog document.");
  const url = toDocumentTextUrl(new URL(parsed.data));
  let response: Response;
  try {
    response = await fetchDocument(url, {
      headers: { accept: "application/json, application/yaml, application/toml, text/plain;q=0.9, */*;q=0.5" },
    });
  } catch (error) {
    if (!isOAuthError(error)) throw error;
    // Admins only: the guard's reason (a private address, too large, too slow) is theirs to read.
    throw new AppError("invalid_input", `Could not load ${url.host}: ${error.message}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new AppError("invalid_input", `${url.host} answered HTTP ${response.status} for ${url.pathname}.`);
  }
  const text = await response.text();
  if (text.trim() === "") throw new AppError("invalid_input", `${url.host} answered with an empty document.`);
  return text;
}
