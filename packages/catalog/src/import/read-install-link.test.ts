import { describe, expect, it } from "vitest";
import { detectAndImport } from "./detect-and-import.ts";
import { readInstallLink } from "./read-install-link.ts";
import { importIssues } from "../../test/import-issues.ts";

describe("readInstallLink", () => {
  it("reads a cursor:// deeplink's base64 config and a vscode: link's JSON as the server they install", () => {
    const config = Buffer.from(JSON.stringify({ url: "https://mcp.example.com/mcp" })).toString("base64");
    expect(readInstallLink(`cursor://anysphere.cursor-deeplink/mcp/install?name=ex&config=${encodeURIComponent(config)}`)).toEqual({ mcpServers: { ex: { url: "https://mcp.example.com/mcp" } } }); // prettier-ignore
    expect(readInstallLink(`vscode:mcp/install?${encodeURIComponent(JSON.stringify({ name: "f", command: "uvx", args: ["mcp-server-fetch"] }))}`)).toEqual({ mcpServers: { f: { command: "uvx", args: ["mcp-server-fetch"] } } }); // prettier-ignore
  });

  it("reads a Goose link's headers and leaves other text alone", () => {
    expect(readInstallLink("goose://extension?type=streamable_http&url=https%3A%2F%2Fapi.githubcopilot.com%2Fmcp%2F&id=github&header=Authorization%3DBearer%20YOUR_TOKEN")).toEqual({ extensions: { github: { type: "streamable_http", uri: "https://api.githubcopilot.com/mcp/", headers: { Authorization: "Bearer YOUR_TOKEN" } } } }); // prettier-ignore
    expect(readInstallLink("https://example.com/install-mcp?name=x&config=e30")).toBeUndefined();
    expect(readInstallLink('{"mcpServers": {}}')).toBeUndefined();
  });

  it("finding: a Goose link whose env names the key itself (NAME=<the key>) kept it as the setting's description every member reads", () => {
    const key = "tvly-Zq8vXk2LmP9rTw4YbN6cHd3JpQ";
    const link = `goose://extension?cmd=npx&arg=-y&arg=tavily-mcp&id=tavily&name=Tavily&env=${encodeURIComponent(`TAVILY_API_KEY=${key}`)}&env=${encodeURIComponent("TAVILY_REGION=Your region")}`; // prettier-ignore
    const result = detectAndImport(link);
    expect(JSON.stringify(result.entries)).not.toContain(key);
    expect(result.entries[0]?.userConfig).toMatchObject({ tavily_region: { description: "Your region" } });
    expect(result.warnings).toContainEqual({ path: "extensions.tavily.env_descriptions.TAVILY_API_KEY", message: "looks like a credential, not a description: left out" }); // prettier-ignore
  });

  it("says what is wrong with a broken link", () => {
    expect(importIssues("https://cursor.com/install-mcp?name=x&config=bm90IGpzb24")).toEqual([
      { path: "", message: "an install link: its config parameter is not JSON (Cursor's is base64 of the server's JSON, VS Code's the JSON itself)" }, // prettier-ignore
    ]);
    expect(importIssues(`vscode:mcp/install?${encodeURIComponent('{"command":"npx"}')}`)).toEqual([
      { path: "", message: 'an install link: its JSON has no "name" for the server' },
    ]);
  });
});
