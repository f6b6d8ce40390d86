/** Ready-made MCP client configuration for a gateway URL and token. */
export function buildClientConfigs(url: string, token: string) {
  const header = `Bearer ${token}`;
  return [
    {
      client: "Claude Desktop",
      file: "claude_desktop_config.json",
      text: JSON.stringify(
        {
          mcpServers: {
            switchboard: { command: "npx", args: ["-y", "mcp-remote", url, "--header", `Authorization:${header}`] },
          },
        },
        null,
        2,
      ),
    },
    {
      client: "Cursor",
      file: "~/.cursor/mcp.json",
      text: JSON.stringify({ mcpServers: { switchboard: { url, headers: { Authorization: header } } } }, null, 2),
    },
    {
      client: "VS Code",
      file: ".vscode/mcp.json",
      text: JSON.stringify(
        { servers: { switchboard: { type: "http", url, headers: { Authorization: header } } } },
        null,
        2,
      ),
    },
    {
      client: "Any MCP client",
      file: "Streamable HTTP",
      text: `URL: ${url}\nHeader: Authorization: ${header}`,
    },
  ];
}
