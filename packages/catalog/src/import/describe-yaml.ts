/** The first line that is neither blank, a `#` comment nor YAML's `---` document start. */
function firstContentLine(text: string): string | undefined {
  return text.split(/\r?\n/).find((line) => line.trim() !== "" && !/^\s*#/.test(line) && line.trim() !== "---");
}

/**
 * What a document that is not JSON is, when it is YAML: Smithery's smithery.yaml and YAML client
 * configs get pasted into the import, and "expected a value, got #" alone does not say why.
 */
export function describeYaml(text: string): string | undefined {
  const line = firstContentLine(text);
  if (line === undefined || !/^(?:[A-Za-z_][\w.-]*:(?:\s|$)|- )/.test(line)) return undefined;
  if (/^startCommand:/m.test(text)) {
    return "this is a Smithery smithery.yaml, whose start command is a JavaScript function only Smithery runs; import the server's server.json or the mcpServers JSON of its README instead"; // prettier-ignore
  }
  return "this looks like YAML; the import reads JSON (an MCP Registry server.json, an mcpServers / VS Code config, an Archestra entry or a Switchboard export)"; // prettier-ignore
}
