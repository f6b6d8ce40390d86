import { describe, expect, it } from "vitest";
import { detectAndImport } from "./detect-and-import.ts";
import { readInstallCommand } from "./read-install-command.ts";
import { importIssues } from "../../test/import-issues.ts";

describe("readInstallCommand", () => {
  it("finding (review, low): a server named __proto__ is refused by name as in a JSON document, not made the prototype of the servers read", () => {
    const command = "claude mcp add __proto__ -- npx -y @acme/mcp";
    const read = readInstallCommand(command) as { mcpServers: object };
    expect(Object.getPrototypeOf(read.mcpServers)).toBe(Object.prototype);
    expect(Object.keys(read.mcpServers)).toEqual(["__proto__"]);
    expect(importIssues(command)).toEqual([
      { path: "mcpServers.__proto__", message: "the key __proto__ is not allowed" },
    ]);
  });

  it("finding: README install commands (claude mcp add, as Sentry's, GitHub's and Context7's READMEs print them) were refused as invalid JSON at line 1; they import as the server they add", () => {
    const sentry = detectAndImport("claude mcp add --transport http sentry https://mcp.sentry.dev/mcp\n");
    expect(sentry.entries[0]).toMatchObject({ id: "sentry", server: { type: "remote", url: "https://mcp.sentry.dev/mcp", transport: "streamable-http" } }); // prettier-ignore
    expect(sentry.warnings[0]).toEqual({ path: "", message: "a command line that adds a server (claude, gemini or codex mcp add, code --add-mcp): read as the server it adds" }); // prettier-ignore
    const github = detectAndImport("$ claude mcp add github -e GITHUB_PERSONAL_ACCESS_TOKEN=ghp_Zq8vXk2LmP9rTw4YbN6cHd3JpQaB1cD2eF3g -- docker run -i --rm -e GITHUB_PERSONAL_ACCESS_TOKEN ghcr.io/github/github-mcp-server"); // prettier-ignore
    expect(github.entries[0]).toMatchObject({ id: "github", server: { runtime: "image", image: "ghcr.io/github/github-mcp-server", env: { GITHUB_PERSONAL_ACCESS_TOKEN: "${user_config.github_personal_access_token}" } } }); // prettier-ignore
    expect(JSON.stringify(github.entries)).not.toContain("ghp_");
    const context7 = detectAndImport('claude mcp add --transport http context7 https://mcp.context7.com/mcp \\\n  --header "CONTEXT7_API_KEY: YOUR_API_KEY"'); // prettier-ignore
    expect(context7.entries[0]).toMatchObject({ server: { headers: { CONTEXT7_API_KEY: "${user_config.context7_api_key}" } }, userConfig: { context7_api_key: { secret: true } } }); // prettier-ignore
    // GitHub's guide reads the token from .env with a command substitution.
    const substituted = detectAndImport(`claude mcp add-json github '{"type":"http","url":"https://api.githubcopilot.com/mcp","headers":{"Authorization":"Bearer '"$(grep GITHUB_PAT .env | cut -d '=' -f2)"'"}}'`); // prettier-ignore
    expect(substituted.entries[0]).toMatchObject({ server: { headers: { Authorization: "Bearer ${user_config.authorization}" } }, userConfig: { authorization: { secret: true } } }); // prettier-ignore
    const playwright = detectAndImport("claude mcp add playwright npx @playwright/mcp@latest --headless");
    expect(playwright.entries[0]?.server).toMatchObject({ command: "npx", args: ["@playwright/mcp@latest", "--headless"] }); // prettier-ignore
  });

  it("reads claude mcp add-json, gemini mcp add, codex mcp add and code --add-mcp, several lines at once", () => {
    const text = [
      "# Claude Code",
      `claude mcp add-json weather '{"type":"http","url":"https://api.weather.example/mcp","headers":{"Authorization":"Bearer \${WEATHER_TOKEN}"}}'`,
      "gemini mcp add -t sse --trust asana https://mcp.asana.com/sse",
      "gemini mcp add -e API_KEY=your-api-key python-server python server.py -- --server-arg my-value",
      "codex mcp add linear --url https://mcp.linear.app/mcp --bearer-token-env-var LINEAR_TOKEN",
      "codex mcp add fetch --env LOG=1 -- uvx mcp-server-fetch",
      'codex mcp add playwright npx "@playwright/mcp@latest"',
      `code --add-mcp '{"name":"memory","command":"npx","args":["-y","@modelcontextprotocol/server-memory"]}'`,
    ].join("\n");
    const { entries } = detectAndImport(text);
    const byId = Object.fromEntries(entries.map((entry) => [entry.id, entry]));
    expect(Object.keys(byId)).toEqual(["weather", "asana", "python-server", "linear", "fetch", "playwright", "memory"]);
    // Gemini CLI's documented form: its own options end at --, which the server never sees.
    expect(byId["python-server"]?.server).toMatchObject({ command: "python", args: ["server.py", "--server-arg", "my-value"], env: { API_KEY: "${user_config.api_key}" } }); // prettier-ignore
    expect(byId.playwright?.server).toMatchObject({ command: "npx", args: ["@playwright/mcp@latest"] });
    expect(byId.weather?.server).toMatchObject({ headers: { Authorization: "Bearer ${user_config.weather_token}" } });
    expect(byId.asana?.server).toMatchObject({ url: "https://mcp.asana.com/sse", transport: "sse" });
    expect(byId.linear?.server).toMatchObject({ headers: { Authorization: "Bearer ${user_config.linear_token}" } });
    expect(byId.fetch?.server).toMatchObject({ command: "uvx", args: ["mcp-server-fetch"], env: { LOG: "1" } });
    expect(byId.memory?.server).toMatchObject({ command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"] });
  });

  it("says what is missing in an install command, naming it, and leaves other text alone", () => {
    expect(importIssues("claude mcp add --transport http sentry")).toEqual([
      {
        path: "",
        message: "an install command (claude mcp add): expected the server's name and its URL after the options",
      },
    ]);
    expect(importIssues("claude mcp add --transport ws x https://x.example/mcp")).toEqual([
      { path: "", message: 'an install command (claude mcp add): --transport is stdio, sse or http, not "ws"' },
    ]);
    expect(importIssues("claude mcp add x npx foo | tee log")).toEqual([
      {
        path: "",
        message: "an install command (claude mcp add): a shell operator (|) in it: only the command itself can be read",
      },
    ]);
    const started = Date.now();
    expect(importIssues(`claude mcp add x npx ${"a ".repeat(400_000)}`)).toEqual([{ path: "", message: "an install command (claude mcp add): longer than any install command (1000 words, 32 KB at most)" }]); // prettier-ignore
    expect(Date.now() - started).toBeLessThan(2000);
    expect(readInstallCommand("npm install foo")).toBeUndefined();
    expect(readInstallCommand('{"mcpServers": {}}')).toBeUndefined();
  });
});
