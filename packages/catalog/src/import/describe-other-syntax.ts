/** The first line that is neither blank, a `#` comment nor YAML's `---` document start. */
function firstContentLine(text: string): string | undefined {
  return text.split(/\r?\n/).find((line) => line.trim() !== "" && !/^\s*#/.test(line) && line.trim() !== "---");
}

export type OtherSyntax = "toml" | "yaml" | "smithery";

/**
 * What a document that is not JSON is: TOML (Codex's config.toml), YAML (Continue, Goose,
 * LibreChat) or a Smithery smithery.yaml, whose start command is a function only Smithery runs.
 */
export function classifyOtherSyntax(text: string): OtherSyntax | undefined {
  const line = firstContentLine(text);
  if (line === undefined) return undefined;
  if (/^\[{1,2}[A-Za-z_][\w."-]*\]{1,2}\s*$/.test(line) || /^[A-Za-z_][\w-]*\s*=\s*\S/.test(line)) return "toml";
  if (!/^(?:[A-Za-z_$][\w.$-]*:(?:\s|$)|- )/.test(line)) return undefined;
  return /^startCommand:|^runtime:\s*["']?(?:typescript|container)\b/m.test(text) ? "smithery" : "yaml";
}

export const SMITHERY_REFUSAL =
  "this is a Smithery smithery.yaml: Smithery starts this server itself (its start command is a JavaScript function, or Smithery builds the repository as a container or TypeScript project), so it names no package or image to run; import the server's server.json, the mcpServers JSON of its README or its hosted URL instead"; // prettier-ignore
