/** Fields only a client config's server has: a command, or a URL under one of the clients' names. */
const SERVER_FIELDS = ["command", "url", "serverUrl", "httpUrl", "baseUrl", "transport"];

/**
 * `{"name": {"command": …}, …}`: the servers READMEs tell you to put inside `mcpServers`, and a
 * Claude Code plugin's `.mcp.json`, without that key around them. Every value must look like a
 * server, so no other format's document is taken for one.
 */
export function isBareServerMap(value: unknown): value is Record<string, Record<string, unknown>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const servers = Object.values(value);
  return (
    servers.length > 0 &&
    servers.every(
      (server) =>
        typeof server === "object" &&
        server !== null &&
        !Array.isArray(server) &&
        SERVER_FIELDS.some((field) => Object.hasOwn(server, field)),
    )
  );
}
