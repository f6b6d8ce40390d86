/** `Korotovsky/Slack MCP` -> `korotovsky-slack-mcp`; registry names keep their dots (`io.github.x-weather`). */
export function toSlug(name: string): string {
  return name
    .toLowerCase()
    .replaceAll(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .replace(/-+$/, "")
    .slice(0, 100);
}

/** `BRAVE_API_KEY` -> `brave_api_key`, `X-API-Key` -> `x_api_key`, `--port` -> `port`. */
export function toSettingKey(name: string): string {
  const key = name
    .replace(/^-+/, "")
    .toLowerCase()
    .replaceAll(/[^a-z0-9_]+/g, "_")
    .slice(0, 64);
  return /^[a-z_]/.test(key) ? key : `_${key}`.slice(0, 64);
}

/** `slack_mcp_xoxc_token` -> `SLACK_MCP_XOXC_TOKEN`. */
export function toEnvName(key: string): string {
  return key.toUpperCase().replaceAll(/[^A-Z0-9_]/g, "_");
}
