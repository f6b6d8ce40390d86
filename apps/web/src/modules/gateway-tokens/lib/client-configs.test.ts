import { describe, expect, it } from "vitest";
import { buildClientConfigs } from "./client-configs.ts";

describe("buildClientConfigs", () => {
  // mcp-remote's README: Claude Desktop and Cursor on Windows do not escape spaces inside args when
  // they run npx, so "Authorization:Bearer <token>" reached mcp-remote as two arguments.
  it("gives Claude Desktop's mcp-remote no argument with a space in it; the header comes from env", () => {
    const [claude] = buildClientConfigs("https://sb.example/mcp", "sbg_abc");
    const server = JSON.parse(claude!.text).mcpServers.switchboard;
    expect(server.args.filter((arg: string) => arg.includes(" "))).toEqual([]);
    expect(server.args).toEqual([
      "-y",
      "mcp-remote",
      "https://sb.example/mcp",
      "--header",
      "Authorization:${AUTH_HEADER}",
    ]);
    expect(server.env).toEqual({ AUTH_HEADER: "Bearer sbg_abc" });
  });

  it("gives Claude Code one command that adds the gateway over HTTP with the token as its header", () => {
    const configs = buildClientConfigs("https://sb.example/mcp", "sbg_abc");
    expect(configs.map((config) => config.client)).toEqual([
      "Claude Desktop",
      "Claude Code",
      "Cursor",
      "VS Code",
      "Any MCP client",
    ]);
    expect(configs.find((config) => config.client === "Claude Code")?.text).toBe(
      'claude mcp add --transport http switchboard "https://sb.example/mcp" --header "Authorization: Bearer sbg_abc"',
    );
  });
});
