/** The first line that is neither blank, a `#` comment nor YAML's `---` document start. */
function firstContentLine(text: string): string | undefined {
  return text.split(/\r?\n/).find((line) => line.trim() !== "" && !/^\s*#/.test(line) && line.trim() !== "---");
}

/**
 * What a document that is not JSON is, when it is YAML or TOML: Smithery's smithery.yaml, YAML
 * client configs and Codex's config.toml get pasted into the import, and "expected a value, got #"
 * alone does not say why.
 */
export function describeOtherSyntax(text: string): string | undefined {
  const line = firstContentLine(text);
  if (line === undefined) return undefined;
  if (/^\[{1,2}[A-Za-z_][\w."-]*\]{1,2}\s*$/.test(line) || /^[A-Za-z_][\w-]*\s*=\s*\S/.test(line)) {
    return "this looks like TOML (a Codex config.toml?); the import reads JSON: paste the server as an mcpServers JSON config (command, args, env or url) instead"; // prettier-ignore
  }
  if (!/^(?:[A-Za-z_][\w.-]*:(?:\s|$)|- )/.test(line)) return undefined;
  if (/^startCommand:/m.test(text)) {
    return "this is a Smithery smithery.yaml, whose start command is a JavaScript function only Smithery runs; import the server's server.json or the mcpServers JSON of its README instead"; // prettier-ignore
  }
  return "this looks like YAML; the import reads JSON (an MCP Registry server.json, an mcpServers / VS Code config, an Archestra entry or a Switchboard export)"; // prettier-ignore
}
