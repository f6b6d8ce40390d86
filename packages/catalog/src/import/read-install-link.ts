import { CatalogImportError } from "../errors/catalog-error.ts";

const LINK_PREFIX =
  /^(?:cursor|vscode|vscode-insiders|goose):|^https:\/\/(?:cursor\.com|(?:insiders\.)?vscode\.dev|lmstudio\.ai|block\.github\.io\/goose)\//i;

/**
 * The "Add to Cursor / VS Code / Goose / LM Studio" links READMEs publish instead of a config:
 * `cursor://anysphere.cursor-deeplink/mcp/install?name=x&config=<base64 JSON>` (cursor.com's and
 * lmstudio.ai's https forms alike), `vscode:mcp/install?<JSON with its name>` (also behind
 * vscode.dev's `redirect?url=`, or as its `name` and `config`) and
 * `goose://extension?cmd=…&arg=…&env=NAME%3Ddescription` (also block.github.io/goose/extension).
 * Undefined for other text.
 */
export function readInstallLink(text: string): unknown {
  const link = text.trim();
  if (/\s/.test(link) || !LINK_PREFIX.test(link) || !URL.canParse(link)) return undefined;
  const url = new URL(link);
  const params = url.searchParams;
  const redirect = params.get("url");
  if (/vscode\.dev$/.test(url.hostname) && redirect !== null) return readInstallLink(redirect);
  if (
    url.protocol === "goose:" ||
    (url.hostname === "block.github.io" && url.pathname.startsWith("/goose/extension"))
  ) {
    return readGooseLink(params);
  }
  if (/^vscode(?:-insiders)?:$/.test(url.protocol) && !params.has("config")) {
    return { mcpServers: readVsCodeServer(decodeURIComponent(url.search.slice(1))) };
  }
  const name = params.get("name");
  const config = params.get("config");
  if (name === null || config === null) return undefined;
  const base64 = url.protocol === "cursor:" || ["cursor.com", "lmstudio.ai"].includes(url.hostname);
  return { mcpServers: { [name]: parseServer(base64 ? decodeBase64(config) : config) } };
}

function linkError(message: string): CatalogImportError {
  return new CatalogImportError("Import rejected", [{ path: "", message: `an install link: ${message}` }]);
}

function decodeBase64(value: string): string {
  const bytes = Buffer.from(value.replaceAll("-", "+").replaceAll("_", "/"), "base64");
  return bytes.toString("utf8");
}

function parseServer(json: string): Record<string, unknown> {
  let server: unknown;
  try {
    server = JSON.parse(json);
  } catch {
    throw linkError(
      "its config parameter is not JSON (Cursor's is base64 of the server's JSON, VS Code's the JSON itself)",
    );
  }
  if (typeof server !== "object" || server === null || Array.isArray(server)) throw linkError("its config is not a server object"); // prettier-ignore
  return server as Record<string, unknown>;
}

function readVsCodeServer(json: string): Record<string, unknown> {
  const { name, ...server } = parseServer(json);
  if (typeof name !== "string" || name.trim() === "") throw linkError('its JSON has no "name" for the server');
  return { [name]: server };
}

/** Goose: repeated `arg`, `env` as `NAME=what it is` (secrets Goose asks for, described), `header` as `Name=value`. */
function readGooseLink(params: URLSearchParams): unknown {
  const id = params.get("id") ?? params.get("name");
  if (!id) throw linkError("a goose://extension link without an id or name");
  const pairs = (key: string) => params.getAll(key).map((pair) => [pair.slice(0, Math.max(pair.indexOf("="), 0)), pair.slice(pair.indexOf("=") + 1)] as const); // prettier-ignore
  const envKeys = pairs("env")
    .map(([key]) => key)
    .filter((key) => key !== "");
  const described = Object.fromEntries(pairs("env").filter(([key, text]) => key !== "" && text !== ""));
  const headers = Object.fromEntries(pairs("header").filter(([key]) => key !== ""));
  const type = params.get("type") ?? (params.has("url") ? "sse" : "stdio");
  const extension = {
    type,
    ...(params.has("cmd") && { cmd: params.get("cmd"), args: params.getAll("arg") }),
    ...(params.has("url") && { uri: params.get("url") }),
    ...(params.has("name") && { display_name: params.get("name") }),
    ...(params.has("description") && { description: params.get("description") }),
    ...(envKeys.length > 0 && { env_keys: envKeys }),
    ...(Object.keys(described).length > 0 && { env_descriptions: described }),
    ...(Object.keys(headers).length > 0 && { headers }),
    ...(params.has("timeout") && { timeout: params.get("timeout") }),
  };
  return { extensions: { [id]: extension } };
}
