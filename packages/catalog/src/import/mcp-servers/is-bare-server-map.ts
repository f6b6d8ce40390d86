/** Fields only a client config's server has: a command, or a URL under one of the clients' names. */
const SERVER_FIELDS = ["command", "url", "serverUrl", "httpUrl", "baseUrl", "transport"];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isServerLike(value: unknown): boolean {
  return isObject(value) && SERVER_FIELDS.some((field) => Object.hasOwn(value, field));
}

/** One server on its own, as VS Code's `--add-mcp` and install links take it: `{"name", "command", ...}`. */
export function isSingleServer(value: unknown): value is Record<string, unknown> {
  return isObject(value) && ["command", "url", "serverUrl", "httpUrl", "baseUrl"].some((field) => typeof value[field] === "string"); // prettier-ignore
}

/**
 * `{"name": {"command": …}, …}`: the servers READMEs tell you to put inside `mcpServers`, and a
 * Claude Code plugin's `.mcp.json`, without that key around them. Every value must look like a
 * server, so no other format's document is taken for one.
 */
export function isBareServerMap(value: unknown): value is Record<string, Record<string, unknown>> {
  if (!isObject(value) || isSingleServer(value)) return false;
  const servers = Object.values(value);
  return servers.length > 0 && servers.every(isServerLike);
}
