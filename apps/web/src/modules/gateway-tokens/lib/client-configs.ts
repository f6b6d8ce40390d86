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
            // No space in any argument: Claude Desktop on Windows splits arguments at spaces when it
            // runs npx (mcp-remote's README), so the header's value comes from env, which it expands.
            switchboard: {
              command: "npx",
              args: ["-y", "mcp-remote", url, "--header", "Authorization:${AUTH_HEADER}"],
              env: { AUTH_HEADER: header },
            },
          },
        },
        null,
        2,
      ),
    },
    {
      client: "Claude Code",
      file: "Run in a terminal",
      text: `claude mcp add --transport http switchboard "${url}" --header "Authorization: ${header}"`,
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
