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

const SMITHERY_CLI =
  /^\s*(?:\$\s+)?(?:npx|bunx|pnpm dlx|yarn dlx)\s+(?:(?:-y|--yes)\s+)?@smithery\/cli(?:@\S+)?\s+(?:install|run)\s/;
/**
 * A Markdown link's `](https://` (its text is not matched: a pattern that is scans the rest of the
 * text from every `[`), or a code fence inside the text (a whole fenced block is read as its contents).
 */
const MARKDOWN = /\]\(https?:\/\/|\n[ \t]*```/;

/**
 * What a text none of the importers read is, when it is something people paste from a README: a
 * Smithery CLI command (`npx -y @smithery/cli install …`) or the Markdown page itself.
 */
export function describeUnreadableText(text: string): string | undefined {
  if (SMITHERY_CLI.test(text)) return SMITHERY_CLI_REFUSAL;
  return MARKDOWN.test(text) ? MARKDOWN_REFUSAL : undefined;
}

const SMITHERY_CLI_REFUSAL =
  "a Smithery CLI command: Smithery looks the server up in its own registry and writes the config itself, so the command names no package, image or URL to run; import the server's mcpServers JSON, its server.json or its hosted URL instead"; // prettier-ignore

const MARKDOWN_REFUSAL =
  "a Markdown page (a README or a list of servers), not a config: copy one server's code block from it (its mcpServers JSON, server.json or install command) and import that"; // prettier-ignore
