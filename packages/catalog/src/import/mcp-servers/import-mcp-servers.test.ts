import { describe, expect, it } from "vitest";
import { readFixtureJson } from "../../../test/fixture-files.ts";
import { CatalogImportError } from "../../errors/catalog-error.ts";
import { importMcpServersConfig } from "./import-mcp-servers.ts";

function importFixture(name: string) {
  const result = importMcpServersConfig(readFixtureJson(`mcp-servers/${name}`));
  const byId = Object.fromEntries(result.entries.map((entry) => [entry.id, entry]));
  return { byId, warnings: result.warnings };
}

describe("importMcpServersConfig", () => {
  it("imports one entry per server, named after its key", () => {
    const { byId } = importFixture("claude-desktop.json");
    expect(Object.keys(byId)).toEqual(["filesystem", "github", "brave-search", "postgres", "fetch"]);
    expect(byId.filesystem).toMatchObject({
      name: "filesystem",
      origin: { format: "mcpServers", name: "filesystem" },
      auth: { kind: "none" },
    });
  });

  it("never imports literal credentials: they become secret settings", () => {
    const { byId, warnings } = importFixture("claude-desktop.json");
    expect(byId["brave-search"]?.server).toMatchObject({
      env: { BRAVE_API_KEY: "${user_config.brave_api_key}", BRAVE_MCP_LOG_LEVEL: "info" },
    });
    expect(byId["brave-search"]?.auth).toEqual({ kind: "api_key", fields: ["brave_api_key"] });
    expect(byId.postgres?.server).toMatchObject({
      args: [
        "-y",
        "@modelcontextprotocol/server-postgres",
        "postgresql://app:${user_config.argument_3}@db.internal:5432/app",
      ],
    });
    expect(warnings).toContainEqual({
      path: "mcpServers.postgres.args[2]",
      message:
        "treated as a credential by its value (a password in a URL): not imported; it became the secret setting argument_3",
    });
    const everything = JSON.stringify(Object.values(byId));
    for (const secret of ["ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "BSAabcdefghijklmnop", "s3cret"]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("unpacks docker run: image, -e passthrough and NAME=value, container args", () => {
    const { byId } = importFixture("claude-desktop.json");
    expect(byId.github?.server).toEqual({
      type: "local",
      runtime: "image",
      image: "ghcr.io/github/github-mcp-server",
      args: [],
      env: {
        GITHUB_PERSONAL_ACCESS_TOKEN: "${user_config.github_personal_access_token}",
        GITHUB_TOOLSETS: "repos,issues",
      },
    });
    expect(byId.fetch?.server).toMatchObject({ runtime: "python", command: "uvx" });
  });

  it("turns client variables (${env:X}, ${X:-default}) into settings", () => {
    const { byId } = importFixture("cursor.json");
    expect(byId.supabase?.server).toMatchObject({
      args: [
        "-y",
        "@supabase/mcp-server-supabase@latest",
        "--read-only",
        "--project-ref=${user_config.supabase_project_ref}",
      ],
      env: { SUPABASE_ACCESS_TOKEN: "${user_config.supabase_access_token}" },
    });
    expect(byId.supabase?.userConfig.supabase_project_ref).toMatchObject({ secret: false, required: true });
    expect(byId.grafana?.userConfig.grafana_token).toMatchObject({ secret: true, required: false });
    expect(byId.context7?.server).toMatchObject({ headers: { CONTEXT7_API_KEY: "${user_config.context7_api_key}" } });
  });

  it("maps remote transports: sse explicit or by URL, http otherwise", () => {
    const { byId } = importFixture("cursor.json");
    expect(byId.atlassian?.server).toMatchObject({ transport: "sse" });
    expect(byId.linear?.server).toMatchObject({ transport: "streamable-http" });
  });

  it("finding: Cline's transportType (sse, streamableHttp) is the transport, not a guess from the URL", () => {
    const config = {
      mcpServers: {
        rules: { url: "https://api.decisionrules.io/mcp", transportType: "sse", timeout: 60, disabled: false, autoApprove: [] }, // prettier-ignore
        icemark: { url: "http://localhost:54321/mcp", transportType: "streamableHttp" },
        local: { command: "node", args: ["index.js"], transportType: "stdio" },
      },
    };
    const result = importMcpServersConfig(config);
    const byId = Object.fromEntries(result.entries.map((entry) => [entry.id, entry]));
    expect(byId.rules?.server).toMatchObject({ type: "remote", transport: "sse" });
    expect(byId.icemark?.server).toMatchObject({ type: "remote", transport: "streamable-http" });
    expect(byId.local?.server).toMatchObject({ type: "local", command: "node" });
    expect(result.warnings).toContainEqual({ path: "mcpServers.rules.transportType", message: "read as type (Cline's spelling)" }); // prettier-ignore
    expect(result.warnings.filter((warning) => warning.message.includes("not mapped") && warning.path.endsWith("transportType"))).toEqual([]); // prettier-ignore
  });

  it("finding: Cherry Studio's baseUrl, a nested transport object and type streamable_http are read, not refused", () => {
    const config = {
      mcpServers: {
        cherry: { name: "Web Search MCP", type: "streamableHttp", description: "Multi-engine web search", isActive: true, baseUrl: "http://localhost:3000/mcp" }, // prettier-ignore
        "cherry-sse": { type: "sse", baseUrl: "https://example.test/events" },
        nested: { transport: { type: "sse", url: "http://localhost:3000/sse" } },
        "nested-stdio": { transport: { type: "stdio", command: "npx", args: ["open-websearch@latest"], env: { MODE: "stdio" } } }, // prettier-ignore
        underscore: { type: "streamable_http", url: "http://localhost:4205/mcp" },
        "type-only": { url: "https://bookapi.example.com/", transport: { type: "sse" } },
      },
    };
    const result = importMcpServersConfig(config);
    const byId = Object.fromEntries(result.entries.map((entry) => [entry.id, entry]));
    expect(byId.cherry?.server).toMatchObject({ type: "remote", url: "http://localhost:3000/mcp", transport: "streamable-http" }); // prettier-ignore
    expect(byId["cherry-sse"]?.server).toMatchObject({ type: "remote", url: "https://example.test/events", transport: "sse" }); // prettier-ignore
    expect(byId.nested?.server).toMatchObject({ type: "remote", url: "http://localhost:3000/sse", transport: "sse" });
    expect(byId["nested-stdio"]?.server).toMatchObject({ type: "local", command: "npx", args: ["open-websearch@latest"], env: { MODE: "stdio" } }); // prettier-ignore
    expect(byId.underscore?.server).toMatchObject({ type: "remote", transport: "streamable-http" });
    expect(byId["type-only"]?.server).toMatchObject({ type: "remote", transport: "sse" });
    expect(result.warnings).toContainEqual({ path: "mcpServers.cherry.baseUrl", message: "read as the remote server's url (Cherry Studio spelling)" }); // prettier-ignore
    expect(result.warnings).toContainEqual({ path: "mcpServers.nested.transport", message: "a transport object: read as the server's own fields" }); // prettier-ignore
  });

  it("finding: a server's own description and display name (Claude Code, Cherry Studio) become the entry's", () => {
    const config = {
      mcpServers: {
        kb: { command: "python3", args: ["server.py"], description: "ATHENA Pentest Knowledge Base" },
        "web-search": { name: "Web Search MCP", description: "Multi-engine web search", type: "streamableHttp", baseUrl: "http://localhost:3000/mcp" }, // prettier-ignore
        odd: { command: "node", args: ["a.js"], name: 7 },
      },
    };
    const result = importMcpServersConfig(config);
    const byId = Object.fromEntries(result.entries.map((entry) => [entry.id, entry]));
    expect(byId.kb).toMatchObject({ name: "kb", description: "ATHENA Pentest Knowledge Base" });
    expect(byId["web-search"]).toMatchObject({ name: "Web Search MCP", description: "Multi-engine web search", origin: { name: "web-search" } }); // prettier-ignore
    expect(byId.odd?.extensions.mcpServers).toEqual({ name: 7 });
    expect(result.warnings.filter((warning) => /\.(name|description)$/.test(warning.path))).toEqual([
      { path: "mcpServers.odd.name", message: "not mapped to a Switchboard field; kept in extensions.mcpServers" },
    ]);
  });

  it("finding: fill-in placeholders in env and header values become required settings, not values the server would start with", () => {
    const config = {
      mcpServers: {
        slack: { command: "npx", args: ["-y", "@modelcontextprotocol/server-slack"], env: { SLACK_BOT_TOKEN: "your-bot-token", SLACK_TEAM_ID: "your-team-id" } }, // prettier-ignore
        gdrive: { command: "npx", args: ["-y", "@modelcontextprotocol/server-gdrive"], env: { GOOGLE_CLIENT_ID: "YOUR_GOOGLE_DRIVE_CLIENT_ID", LOG_LEVEL: "info" } }, // prettier-ignore
        crowdin: { command: "uvx", args: ["translation-mcp"], env: { CROWDIN_PROJECT_ID: "your_project_id_here", REGION: "<region>" } }, // prettier-ignore
        remote: { url: "https://mcp.example.com/mcp", headers: { "X-Workspace": "<YOUR_WORKSPACE_ID>" } },
      },
    };
    const result = importMcpServersConfig(config);
    const byId = Object.fromEntries(result.entries.map((entry) => [entry.id, entry]));
    expect(byId.slack?.server).toMatchObject({ env: { SLACK_BOT_TOKEN: "${user_config.slack_bot_token}", SLACK_TEAM_ID: "${user_config.slack_team_id}" } }); // prettier-ignore
    expect(byId.slack?.userConfig.slack_team_id).toMatchObject({ required: true, secret: false, placeholder: "your-team-id" }); // prettier-ignore
    expect(byId.gdrive?.server).toMatchObject({ env: { GOOGLE_CLIENT_ID: "${user_config.google_client_id}", LOG_LEVEL: "info" } }); // prettier-ignore
    expect(byId.crowdin?.server).toMatchObject({ env: { CROWDIN_PROJECT_ID: "${user_config.crowdin_project_id}", REGION: "${user_config.region}" } }); // prettier-ignore
    expect(byId.remote?.server).toMatchObject({ headers: { "X-Workspace": "${user_config.x_workspace}" } });
    expect(result.warnings).toContainEqual({
      path: "mcpServers.slack.env.SLACK_TEAM_ID",
      message: 'a placeholder to fill in ("your-team-id"): it became the setting slack_team_id',
    });
    expect(JSON.stringify(result.entries.map((entry) => entry.server))).not.toMatch(/your-team-id|YOUR_GOOGLE_DRIVE_CLIENT_ID|<region>/); // prettier-ignore
  });

  it("finding: a VS Code pickString input keeps its options as the setting's choices", () => {
    const config = {
      inputs: [
        { type: "pickString", id: "region", description: "Region", options: ["us", "eu"], default: "eu" },
        { type: "pickString", id: "tier", description: "Tier", options: [{ label: "Free", value: "free" }, { label: "Pro", value: "pro" }] }, // prettier-ignore
      ],
      servers: { x: { type: "stdio", command: "npx", args: ["-y", "x-mcp", "--region", "${input:region}", "--tier", "${input:tier}"] } }, // prettier-ignore
    };
    const [entry] = importMcpServersConfig(config).entries;
    expect(entry?.userConfig.region).toMatchObject({ enum: ["us", "eu"], default: "eu", required: false });
    expect(entry?.userConfig.tier).toMatchObject({ enum: ["free", "pro"], required: true });
  });

  it("finding: an empty server list (Claude Desktop's default config) says there is nothing to import instead of importing nothing", () => {
    expect(() => importMcpServersConfig({ mcpServers: {}, preferences: { sidebarMode: "task" } })).toThrow(
      "mcpServers: no servers in it: there is nothing to import",
    );
    expect(() => importMcpServersConfig({ servers: {}, inputs: [] })).toThrow("servers: no servers in it");
  });

  it("finding (property test counterexample): mcpServers that is no object beside a servers object throws CatalogImportError, not TypeError", () => {
    expect(() => importMcpServersConfig({ mcpServers: " ", servers: {} })).toThrow(CatalogImportError);
    const result = importMcpServersConfig({ mcpServers: " ", servers: { a: { command: "npx", args: ["-y", "a"] } } });
    expect(result.entries.map((entry) => entry.id)).toEqual(["a"]);
    expect(result.warnings).toContainEqual({ path: "mcpServers", message: "not part of any server; ignored" });
  });

  it("finding: an mcp-remote bridge with a pre-registered OAuth client (--static-oauth-client-info) becomes the remote server with a static client, not mcp-remote run in a container", () => {
    const config = {
      mcpServers: {
        sap: { command: "npx", args: ["-y", "mcp-remote", "https://developers.sap.com/mcp-auth/api", "--static-oauth-client-info", '{"client_id":"sb-tutorials-prod!t676072"}', "--host", "localhost"] }, // prettier-ignore
        webex: { command: "npx", args: ["mcp-remote", "https://mcp.webexapis.com/mcp/webex-suite", "3334", "--static-oauth-client-info", '{"client_id":"YOUR_CLIENT_ID","client_secret":"YOUR_CLIENT_SECRET"}'] }, // prettier-ignore
        snowflake: { command: "npx", args: ["-y", "mcp-remote", "https://eb02656.snowflakecomputing.com/api/v2/mcp", "3334", "--static-oauth-client-info", '{"client_id":"vxQ4"}', "--static-oauth-client-metadata", '{"scope":"session:role:ANALYST refresh_token"}', "--auth-timeout", "120"] }, // prettier-ignore
      },
    };
    const result = importMcpServersConfig(config);
    const byId = Object.fromEntries(result.entries.map((entry) => [entry.id, entry]));
    expect(byId.sap?.server).toMatchObject({ type: "remote", url: "https://developers.sap.com/mcp-auth/api" });
    expect(byId.sap?.auth).toMatchObject({ kind: "remote_mcp_static" });
    expect(byId.webex?.auth).toMatchObject({ kind: "remote_mcp_static" });
    expect(byId.snowflake?.auth).toMatchObject({ kind: "remote_mcp_static", scopes: ["session:role:ANALYST", "refresh_token"], defaultScopes: ["session:role:ANALYST", "refresh_token"] }); // prettier-ignore
    expect(result.warnings).toContainEqual({ path: "mcpServers.sap.args", message: "--static-oauth-client-info: an OAuth client registered with the server (client_id sb-tutorials-prod!t676072); the OAuth client is set by an admin" }); // prettier-ignore
    expect(result.warnings).toContainEqual({ path: "mcpServers.webex.args", message: "--static-oauth-client-info: its client_secret dropped: secrets never live in the catalog; an admin enters them" }); // prettier-ignore
    expect(result.warnings).toContainEqual({ path: "mcpServers.snowflake.args", message: "mcp-remote's own options --auth-timeout 120 are not applied: they configure the desktop bridge, which the gateway replaces" }); // prettier-ignore
    expect(JSON.stringify(result.entries)).not.toContain("YOUR_CLIENT_SECRET");
  });

  it("maps MCPHub OAuth blocks to the four kinds and drops client secrets", () => {
    const { byId, warnings } = importFixture("mcphub.json");
    expect(byId.github?.auth).toMatchObject({ kind: "remote_mcp_static", scopes: ["repo", "read:org"] });
    expect(byId["byo-client"]?.auth).toMatchObject({
      kind: "oauth2_generic",
      providerId: "byo-client",
      authorizationUrl: "https://auth.example.com/oauth/authorize",
      tokenUrl: "https://auth.example.com/oauth/token",
    });
    expect(byId.dcr?.auth).toMatchObject({
      kind: "remote_mcp_dcr",
      authorizationServerUrl: "https://auth.example.com",
    });
    expect(byId.vercel?.auth.kind).toBe("remote_mcp_dcr");
    expect(warnings).toContainEqual({
      path: "mcpServers.dcr.oauth.dynamicRegistration.initialAccessToken",
      message: "dropped: secrets never live in the catalog; an admin enters them",
    });
    expect(JSON.stringify(Object.values(byId))).not.toContain("replace-me-if-required");
  });

  it("reports problems of every server together, by path", () => {
    const value = { mcpServers: { a: { command: 1 }, b: { url: "ftp://x" }, c: { command: "docker", args: ["ps"] } } };
    expect(() => importMcpServersConfig(value)).toThrow(CatalogImportError);
    try {
      importMcpServersConfig(value);
    } catch (error) {
      expect((error as CatalogImportError).issues).toEqual([
        { path: "mcpServers.a.command", message: "expected string, got number" },
        { path: "mcpServers.b.url", message: 'expected an http(s) URL, got "ftp://x"' },
        { path: "mcpServers.c.args", message: 'expected "docker run ...", got "docker ps"' },
      ]);
    }
  });
});
