import { describe, expect, it } from "vitest";
import { deriveLaunchSpec } from "../src/index.ts";
import { importOne, importRejection } from "./import-document.ts";

/** Issue 16: one test per failure class, on the issue's own examples. */
const server = { name: "io.github.acme/tool", description: "Tool", version: "1.0.0" };
const npm = { registryType: "npm", identifier: "tool", transport: { type: "stdio" } };

describe("issue 16: secrets kept as plain configuration", () => {
  it("a token inside a JSON-valued env var (Notion's OPENAPI_MCP_HEADERS) becomes a secret setting", () => {
    const headers = '{"Authorization": "Bearer ntn_abcdefghijklmnopqrstuvwxyz12", "Notion-Version": "2022-06-28"}';
    const { entry, notes } = importOne({ mcpServers: { notion: { command: "npx", args: ["-y", "@notionhq/notion-mcp-server"], env: { OPENAPI_MCP_HEADERS: headers } } } }); // prettier-ignore
    expect(entry.server).toMatchObject({ env: { OPENAPI_MCP_HEADERS: '{"Authorization": "Bearer ${user_config.authorization}", "Notion-Version": "2022-06-28"}' } }); // prettier-ignore
    expect(entry.userConfig.authorization).toMatchObject({ secret: true });
    expect(JSON.stringify(entry)).not.toContain("ntn_abcdefghijklmnopqrstuvwxyz12");
    expect(notes.map((note) => note.message)).toContainEqual(expect.stringContaining("treated as a credential by its name (Authorization)")); // prettier-ignore
  });

  it("a token passed as an argument (--access-token=…) becomes a secret setting, with a note on argv", () => {
    const { entry, notes } = importOne({ mcpServers: { supabase: { command: "npx", args: ["-y", "@supabase/mcp-server-supabase", "--access-token=sbp_0123456789abcdef"] } } }); // prettier-ignore
    expect(entry.server).toMatchObject({ args: ["-y", "@supabase/mcp-server-supabase", "--access-token=${user_config.access_token}"] }); // prettier-ignore
    expect(entry.auth).toEqual({ kind: "api_key", fields: ["access_token"] });
    const launch = deriveLaunchSpec(entry, { access_token: "sbp_live_value" });
    expect(launch).toMatchObject({ args: ["-y", "@supabase/mcp-server-supabase", "--access-token=sbp_live_value"], secretArgIndexes: [2] }); // prettier-ignore
    expect(notes.map((note) => note.message)).toEqual(expect.arrayContaining([
      expect.stringContaining("treated as a credential by its name (access-token)"),
      "the server takes this secret only as an argument: it is filled in from the secret setting at launch and redacted where Switchboard shows argv, but `docker inspect` and the Docker host's process list show a container's argv; if the server also reads it from an env var or file, move it there", // prettier-ignore
    ])); // prettier-ignore
  });

  it("registry env vars named like secrets but without isSecret become secrets, and say so", () => {
    const environmentVariables = ["PAGERDUTY_USER_API_KEY", "DT_PLATFORM_TOKEN", "OAUTH_CLIENT_SECRET", "OAUTH_CLIENT_ID"].map((name) => ({ name })); // prettier-ignore
    const { entry, notes } = importOne({ ...server, packages: [{ ...npm, environmentVariables }] });
    expect(Object.entries(entry.userConfig).filter(([, field]) => field.secret).map(([key]) => key)).toEqual(["pagerduty_user_api_key", "dt_platform_token", "oauth_client_secret"]); // prettier-ignore
    expect(notes).toContainEqual({
      path: "packages[0].environmentVariables[1]",
      message:
        "treated DT_PLATFORM_TOKEN as a secret by its name (no isSecret): a secret setting, entered per connector",
    });
  });
});

describe("issue 16: credentials in kept fields", () => {
  it("fields kept verbatim in extensions are redacted (Archestra's scraped client_config_permutations)", () => {
    const permutations = { mcpServers: { s: { command: "npx", args: ["x", "--token", "ghp_0123456789abcdefghijABCDEFGHIJ0123"], env: { API_KEY: "sk-live-abcdefghijklmnopqrstuv" } } } }; // prettier-ignore
    const { entry, notes } = importOne({ name: "a__b", server: { command: "npx", args: ["-y", "b"] }, archestra_config: { client_config_permutations: permutations } }); // prettier-ignore
    const kept = JSON.stringify(entry.extensions);
    expect(kept).not.toContain("ghp_0123456789abcdefghijABCDEFGHIJ0123");
    expect(kept).not.toContain("sk-live-abcdefghijklmnopqrstuv");
    expect(kept).toContain("[redacted]");
    expect(notes).toContainEqual({
      path: "archestra_config.client_config_permutations",
      message: "not mapped to a Switchboard field; credentials in it were redacted; kept in extensions.archestra",
    });
  });
});

describe("issue 16: launch details dropped", () => {
  it("an Archestra docker entry's env reaches its container (Archestra passed it), as secrets where they are", () => {
    const { entry } = importOne({ name: "m__db", server: { command: "docker", args: ["run", "-i", "--rm", "mongodb/mongodb-mcp-server:1.4.1"], env: { MDB_MCP_CONNECTION_STRING: "${user_config.connection_string}" } }, user_config: { connection_string: { type: "string", title: "", sensitive: true, required: true } } }); // prettier-ignore
    expect(entry.server).toMatchObject({ image: "mongodb/mongodb-mcp-server:1.4.1", env: { MDB_MCP_CONNECTION_STRING: "${user_config.connection_string}" } }); // prettier-ignore
  });

  it("OCI runtimeArguments -e TFE_TOKEN={token} become the container's env, the token a secret", () => {
    const runtimeArguments = [{ type: "named", name: "-e", value: "TFE_TOKEN={token}", variables: { token: { isSecret: true } } }]; // prettier-ignore
    const { entry } = importOne({ ...server, packages: [{ registryType: "oci", identifier: "docker.io/hashicorp/terraform-mcp-server:1.1.0", transport: { type: "stdio" }, runtimeArguments }] }); // prettier-ignore
    expect(entry.server).toMatchObject({ env: { TFE_TOKEN: "${user_config.token}" }, args: [] });
    expect(entry.userConfig.token).toMatchObject({ secret: true });
  });

  it("registryBaseUrl names the image's registry", () => {
    const pkg = { registryType: "oci", registryBaseUrl: "https://ghcr.io", identifier: "github/github-mcp-server", version: "0.9.0", transport: { type: "stdio" } }; // prettier-ignore
    expect(importOne({ ...server, packages: [pkg] }).entry.server).toMatchObject({ image: "ghcr.io/github/github-mcp-server:0.9.0" }); // prettier-ignore
  });

  it("a whole command line in command is split, and an npx mcp-remote bridge becomes the remote server", () => {
    const { entry } = importOne({
      mcpServers: { docs: { command: "npx mcp-remote https://learn.microsoft.com/api/mcp" } },
    });
    expect(entry.server).toEqual({ type: "remote", url: "https://learn.microsoft.com/api/mcp", transport: "streamable-http", headers: {} }); // prettier-ignore
    const split = importOne({ mcpServers: { fc: { command: "env FIRECRAWL_API_KEY=fc-0123456789abcdef npx -y firecrawl-mcp" } } }).entry; // prettier-ignore
    expect(split.server).toMatchObject({ command: "npx", args: ["-y", "firecrawl-mcp"], env: { FIRECRAWL_API_KEY: "${user_config.firecrawl_api_key}" } }); // prettier-ignore
  });

  it("a Windows cmd /c npx … wrapper is unwrapped", () => {
    const { entry, notes } = importOne({ mcpServers: { s: { command: "cmd", args: ["/c", "npx", "-y", "@supabase/mcp-server-supabase"] } } }); // prettier-ignore
    expect(entry.server).toMatchObject({
      runtime: "node",
      command: "npx",
      args: ["-y", "@supabase/mcp-server-supabase"],
    });
    expect(notes).toContainEqual({
      path: "mcpServers.s.command",
      message: 'a Windows "cmd /c" wrapper: unwrapped to npx',
    });
  });
});

describe("issue 16: valid input rejected", () => {
  it("registryType in another case (PyPI)", () => {
    const { entry } = importOne({
      ...server,
      packages: [{ ...npm, registryType: "PyPI", identifier: "mcp-server-fetch" }],
    });
    expect(entry.server).toMatchObject({ runtime: "python", command: "uvx", args: ["mcp-server-fetch"] });
  });

  it("a remote whose Authorization header is a secret (2025-07-09 is_secret, or no flag) is an API key, not OAuth", () => {
    const legacy = { name: "io.github.acme/tool", description: "Tool", version_detail: { version: "1.0.0" }, remotes: [{ transport_type: "streamable", url: "https://mcp.example.com/mcp", headers: [{ name: "Authorization", value: "Bearer {token}", variables: { token: { is_secret: true } } }] }] }; // prettier-ignore
    expect(importOne(legacy).entry).toMatchObject({ auth: { kind: "api_key", fields: ["token"] }, server: { headers: { Authorization: "Bearer ${user_config.token}" } } }); // prettier-ignore
    const unflagged = { ...server, remotes: [{ type: "streamable-http", url: "https://mcp.example.com/mcp", headers: [{ name: "Authorization" }] }] }; // prettier-ignore
    expect(importOne(unflagged).entry.auth).toEqual({ kind: "api_key", fields: ["authorization"] });
  });

  it("Windsurf's serverUrl, Copilot CLI's type local, VS Code's servers + inputs", () => {
    expect(importOne({ mcpServers: { c7: { serverUrl: "https://mcp.context7.com/mcp" } } }).entry.server).toMatchObject({ type: "remote", url: "https://mcp.context7.com/mcp" }); // prettier-ignore
    expect(importOne({ mcpServers: { pw: { type: "local", command: "npx", args: ["@playwright/mcp@latest"], tools: ["*"] } } }).entry.server).toMatchObject({ type: "local", command: "npx" }); // prettier-ignore
    const vscode = importOne({ inputs: [{ type: "promptString", id: "pat", description: "GitHub PAT", password: true }], servers: { github: { type: "http", url: "https://api.githubcopilot.com/mcp/", headers: { Authorization: "Bearer ${input:pat}" } } } }); // prettier-ignore
    expect(vscode.entry.userConfig.pat).toMatchObject({ secret: true, description: "GitHub PAT" });
  });

  it("Archestra path defaults ${HOME}/…, ${__dirname}/… or relative are dropped with a note; an empty title falls back to the key", () => {
    const user_config = {
      notes_dir: { type: "directory", title: "", default: "${HOME}/notes" },
      db: { type: "file", title: "Database", default: "${__dirname}/data.db" },
      config: { type: "file", title: "Config", default: "config.yaml" },
      out: { type: "directory", title: "Out", default: "/data/out" },
    };
    const { entry, notes } = importOne({ name: "x__y", server: { command: "npx", args: ["-y", "y", "${user_config.notes_dir}", "${user_config.db}", "${user_config.config}", "${user_config.out}"] }, user_config }); // prettier-ignore
    expect(entry.userConfig.notes_dir).toMatchObject({ title: "notes_dir" });
    expect(entry.userConfig.notes_dir).not.toHaveProperty("default");
    expect(entry.userConfig.db).not.toHaveProperty("default");
    expect(entry.userConfig.config).not.toHaveProperty("default");
    expect(entry.userConfig.out).toMatchObject({ default: "/data/out" });
    expect(notes.filter((note) => note.message.startsWith("dropped as the default")).map((note) => note.path)).toEqual(["user_config.notes_dir.default", "user_config.db.default", "user_config.config.default"]); // prettier-ignore
  });
});

describe("issue 16: misleading messages", () => {
  it("an older snake_case document says it is the 2025-07-09 schema", () => {
    const error = importRejection({ name: "io.github.acme/tool", description: "Tool", version_detail: { version: "1.0.0" }, packages: [{ registry_name: "npm", name: "tool", package_arguments: [{ type: "weird" }] }] }); // prettier-ignore
    expect(error.issues[0]?.message).toMatch(/^this is the 2025-07-09 schema \(snake_case\)/);
  });

  it("a server with neither command nor url is told so, and serverUrl is a remote", () => {
    expect(importRejection({ mcpServers: { x: { args: ["y"] } } }).issues).toEqual([
      { path: "mcpServers.x", message: "expected command (a local server) or url (a remote one; serverUrl and httpUrl are read as url)" }, // prettier-ignore
    ]);
  });
});
