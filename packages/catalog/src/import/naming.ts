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

const SECRET_NAME =
  /token|secret|passw(?:or)?d|api[-_]?key|credential|authorization|private[-_]?key|cookie|(?:^|[_-])(?:pass|pwd|pat|key)$/i;
const SECRET_VALUE = /:\/\/[^/\s:@]+:[^/\s@]+@|^(?:ghp_|github_pat_|glpat-|sk-|sk_live_|rk_live_|xox[abcdp]-)/;

/**
 * Heuristic for config values that are probably credentials (by name, or a value with a password
 * in its URL or a well-known token prefix): those are not imported into the catalog, where every
 * member could read them, but become secret settings each installation fills in.
 */
export function looksSecret(name: string, value = ""): boolean {
  return SECRET_NAME.test(name) || SECRET_VALUE.test(value);
}
