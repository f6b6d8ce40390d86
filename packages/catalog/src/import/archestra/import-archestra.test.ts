import { describe, expect, it } from "vitest";
import { readFixtureJson } from "../../../test/fixture-files.ts";
import { CatalogImportError } from "../../errors/catalog-error.ts";
import type { CatalogEntry } from "../../schema/catalog-entry.ts";
import { importArchestraEntry } from "./import-archestra.ts";

function importFixture(name: string) {
  const result = importArchestraEntry(readFixtureJson(`archestra/${name}`));
  return { entry: result.entries[0] as CatalogEntry, warnings: result.warnings };
}

function importError(value: unknown): CatalogImportError {
  try {
    importArchestraEntry(value);
  } catch (error) {
    if (error instanceof CatalogImportError) return error;
    throw error;
  }
  throw new Error("expected a CatalogImportError");
}

describe("importArchestraEntry", () => {
  it("maps Slack to type 1 generic OAuth with the token in SLACK_MCP_XOXP_TOKEN", () => {
    const { entry, warnings } = importFixture("slack.json");
    expect(entry).toMatchObject({
      id: "korotovsky__slack-mcp-server",
      name: "Slack",
      source: "custom",
      origin: { format: "archestra", name: "korotovsky__slack-mcp-server" },
      server: {
        type: "local",
        runtime: "node",
        command: "npx",
        args: ["-y", "slack-mcp-server@latest", "--transport", "stdio"],
      },
      auth: {
        kind: "oauth2_generic",
        providerId: "slack",
        authorizationUrl: "https://slack.com/oauth/v2/authorize",
        tokenUrl: "https://slack.com/api/oauth.v2.access",
        scopes: ["channels:read", "chat:write", "users:read"],
        delivery: [{ kind: "env", accessTokenEnvVar: "SLACK_MCP_XOXP_TOKEN" }],
      },
    });
    expect(entry.userConfig.slack_mcp_xoxc_token).toMatchObject({ secret: true, required: false });
    expect(entry.extensions.archestra?.["archestra_config.browser_based"]).toEqual({
      provider: "slack-browser",
      required: true,
    });
    expect(warnings).toContainEqual({
      path: "oauth_config.client_secret",
      message: "dropped: secrets never live in the catalog; an admin enters them",
    });
    expect(JSON.stringify(entry)).not.toContain("REDACTED");
  });

  it("binds settings no template uses to upper-cased env vars, as Archestra did", () => {
    const { entry, warnings } = importFixture("slack.json");
    expect(entry.server).toMatchObject({
      env: {
        SLACK_MCP_ADD_MESSAGE_TOOL: "true",
        SLACK_MCP_XOXC_TOKEN: "${user_config.slack_mcp_xoxc_token}",
        SLACK_MCP_XOXD_TOKEN: "${user_config.slack_mcp_xoxd_token}",
        SLACK_BOT_TOKEN: "${user_config.slack_bot_token}",
      },
    });
    expect(warnings).toContainEqual({
      path: "user_config.slack_mcp_add_message_tool",
      message: "not referenced by any template, so the server never receives it",
    });
  });

  it("maps Linear (empty client_id) to remote DCR, and its legacy remote_url form alike", () => {
    const { entry } = importFixture("linear.json");
    expect(entry.server).toEqual({
      type: "remote",
      url: "https://mcp.linear.app/mcp",
      transport: "streamable-http",
      headers: {},
    });
    expect(entry.auth).toEqual({
      kind: "remote_mcp_dcr",
      scopes: ["read", "write"],
      defaultScopes: ["read", "write"],
      authorizationParams: {},
      delivery: [{ kind: "header" }],
    });
    expect(entry.docsUrl).toBe("https://linear.app/docs/mcp");
    const legacy = importFixture("linear-legacy.json").entry;
    expect(legacy.server).toEqual(entry.server);
    expect(legacy.auth).toEqual(entry.auth);
  });

  it("maps the GitHub Copilot example (remote_url, static client) to type 3", () => {
    const { entry } = importFixture("github-copilot-remote.json");
    expect(entry.server).toMatchObject({ type: "remote", url: "https://api.githubcopilot.com/mcp/" });
    expect(entry.auth.kind).toBe("remote_mcp_static");
    expect(entry.extensions.archestra?.["oauth_config.client_id"]).toBe("Ov23li3CnHLM7PNQ2Xiv");
  });

  it("maps Google Workspace to type 2 with the token as a header to its HTTP port", () => {
    const { entry } = importFixture("google-workspace.json");
    expect(entry.server).toMatchObject({
      type: "local",
      runtime: "python",
      command: "uvx",
      http: { port: 8000, path: "/mcp" },
    });
    expect(entry.auth).toMatchObject({
      kind: "mcp_oauth",
      providerId: "google",
      issuer: "https://accounts.google.com",
      discoveryUrl: "https://accounts.google.com/.well-known/openid-configuration",
      delivery: [{ kind: "header" }],
    });
    expect(entry.auth.kind === "mcp_oauth" && entry.auth.scopes.length).toBeGreaterThanOrEqual(30);
  });

  it("maps the seeds' developer example: DXT python server, provider-only OAuth (jira)", () => {
    const { entry } = importFixture("my-test-server.json");
    expect(entry).toMatchObject({
      id: "my_company__test_mcp_server",
      name: "Test MCP Server",
      version: "1.0.0",
      category: "Development",
      server: { type: "local", runtime: "python", command: "python", args: ["index.py"] },
      auth: {
        kind: "oauth2_generic",
        providerId: "jira",
        authorizationUrl: "https://auth.atlassian.com/authorize",
        authorizationParams: { audience: "api.atlassian.com", prompt: "consent" },
        delivery: [{ kind: "env", accessTokenEnvVar: "JIRA_ACCESS_TOKEN" }],
      },
    });
    expect(entry.extensions.archestra).toEqual({ dxt_version: "0.1.0", "server.entry_point": "index.py" });
  });

  it("maps inject_file to file delivery", () => {
    const { entry } = importFixture("jira-credentials-file.json");
    expect(entry.auth).toMatchObject({
      kind: "oauth2_generic",
      delivery: [
        { kind: "file", files: { "/home/appuser/.credentials/token.json": '{"access_token": "${access_token}"}' } },
      ],
    });
  });

  it("maps a DXT manifest: ${__dirname}, multiple directories, keywords, relative icon kept", () => {
    const { entry, warnings } = importFixture("filesystem-dxt.json");
    expect(entry.server).toMatchObject({
      runtime: "node",
      command: "node",
      args: ["${__dirname}/server/index.js", "${user_config.allowed_directories}"],
    });
    expect(entry.userConfig.allowed_directories).toMatchObject({
      type: "directory",
      multiple: true,
      default: ["/data"],
    });
    expect(entry).toMatchObject({
      tags: ["file", "filesystem", "documents"],
      repositoryUrl: "https://github.com/modelcontextprotocol/servers",
    });
    expect(entry.icon).toBeUndefined();
    expect(warnings).toContainEqual({
      path: "icon",
      message: "not an http(s) URL or emoji; kept in extensions.archestra",
    });
  });

  it("unpacks docker run into an image entry", () => {
    const { entry } = importFixture("github-docker.json");
    expect(entry.server).toEqual({
      type: "local",
      runtime: "image",
      image: "ghcr.io/github/github-mcp-server",
      args: [],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: "${user_config.github_personal_access_token}" },
    });
    expect(entry.auth).toEqual({ kind: "api_key", fields: ["github_personal_access_token"] });
  });

  it("explains why a local stdio server cannot get its OAuth token", () => {
    const error = importError(readFixtureJson("invalid/archestra-type2-stdio.json"));
    expect(error.issues).toEqual([
      {
        path: "oauth_config",
        message:
          "a local stdio server needs access_token_env_var or server.inject_file to receive its token (or streamable_http_url to get it as a header)",
      },
    ]);
  });

  it("rejects unknown providers, token files without OAuth, and missing servers", () => {
    const server = { command: "npx", args: ["x"] };
    expect(
      importError({ name: "x", server, archestra_config: { oauth: { provider: "myspace", required: true } } }).issues[0]
        ?.message,
    ).toMatch(/^unknown OAuth provider "myspace"; expected one of github, google, jira, microsoft, slack/);
    expect(
      importError({ name: "x", server: { ...server, inject_file: { "/t.json": "${access_token}" } } }).issues,
    ).toEqual([
      { path: "server.inject_file", message: "credential files carry an OAuth token, but this entry has no OAuth" },
    ]);
    expect(importError({ name: "x", user_config: {} }).issues).toEqual([
      { path: "server", message: "expected server.command, server.mcp_config or a remote server.url / remote_url" },
    ]);
  });

  it("reports wrong source types by their source path", () => {
    expect(importError({ name: "x", server: { command: ["npx"] } }).issues).toEqual([
      { path: "server.command", message: "expected string, got array" },
    ]);
    expect(
      importError({ name: "x", server: { command: "npx" }, user_config: { k: { type: "color" } } }).issues,
    ).toEqual([
      {
        path: "user_config.k.type",
        message: 'expected one of "string", "number", "boolean", "directory", "file", got "color"',
      },
    ]);
  });
});
